using System.Text.Json;

namespace CkanMigrate.JsonLines;

/// <summary>
/// The top-level members of one JSON object held as UTF-8 bytes, found in a single validating pass
/// of <see cref="Utf8JsonReader"/>. Each value stays a slice of the input, to be copied as it is or
/// parsed on its own when a step needs to look inside. A conversion that rewrites a few small
/// members of a large record tokenises it once instead of building a whole document (which costs
/// half as much again on one core, and most of the record is copied untouched anyway).
/// One index can be reused for line after line (each <see cref="TryLoad"/> starts afresh).
/// </summary>
internal sealed class JsonMemberIndex : IDisposable
{
    /// <summary>
    /// Looks at a value while it is being read, so a large one is tokenised only once. It starts on the
    /// value's first token and must leave the reader on its last (as <see cref="Utf8JsonReader.Skip"/> does);
    /// what it returns is kept as the member's <see cref="JsonMember.Mark"/>.
    /// </summary>
    public delegate bool ValueWalker(ref Utf8JsonReader reader);

    private readonly List<JsonMember> _members = new(64);
    private readonly List<(int Start, JsonDocument Document)> _parsed = [];
    private readonly IReadOnlyDictionary<string, ValueWalker> _walkers;
    private readonly NameCache _names = new();
    private ReadOnlyMemory<byte> _json;

    /// <param name="walkers">Members (by name) whose values are walked while read, instead of skipped.</param>
    public JsonMemberIndex(IReadOnlyDictionary<string, ValueWalker>? walkers = null) =>
        _walkers = walkers ?? new Dictionary<string, ValueWalker>();

    public IReadOnlyList<JsonMember> Members => _members;

    /// <summary>
    /// Indexes one line, checking all of it (UTF-8, JSON syntax, one object and nothing after it).
    /// On failure <paramref name="error"/> says why in the words of <see cref="JsonLineErrors"/>.
    /// </summary>
    public bool TryLoad(ReadOnlyMemory<byte> json, out string? error)
    {
        Clear();
        _json = json;
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            error = JsonLineErrors.NotUtf8;
            return false;
        }
        try
        {
            error = Index(json.Span);
        }
        catch (JsonException e)
        {
            error = JsonLineErrors.NotJson(e);
        }
        if (error is null) return true;
        _members.Clear();
        return false;
    }

    private string? Index(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, JsonLineFormat.ReaderOptions);
        if (!reader.Read()) throw new JsonException("The input does not contain any JSON tokens.");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = reader.TokenType;
            reader.Skip();
            while (reader.Read()) { } // a syntax error after the value outranks "not an object"
            return JsonLineErrors.NotAnObject(kind switch
            {
                JsonTokenType.StartArray => JsonValueKind.Array,
                JsonTokenType.String => JsonValueKind.String,
                JsonTokenType.Number => JsonValueKind.Number,
                JsonTokenType.True => JsonValueKind.True,
                JsonTokenType.False => JsonValueKind.False,
                _ => JsonValueKind.Null,
            });
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = _names.Get(ref reader);
            reader.Read();
            var kind = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            var mark = false;
            if (_walkers.TryGetValue(name, out var walk)) mark = walk(ref reader);
            else reader.Skip();
            _members.Add(new JsonMember(name, start, (int)reader.BytesConsumed - start, kind, mark));
        }
        while (reader.Read()) { } // trailing content is an error the reader raises
        return null;
    }

    /// <summary>The last member of that name (as JsonElement.TryGetProperty does with duplicates).</summary>
    public bool TryGet(string name, out JsonMember member)
    {
        for (var i = _members.Count - 1; i >= 0; i--)
        {
            if (_members[i].Name != name) continue;
            member = _members[i];
            return true;
        }
        member = default;
        return false;
    }

    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>The value's bytes exactly as they are in the line.</summary>
    public ReadOnlyMemory<byte> Raw(in JsonMember member) => _json.Slice(member.Start, member.Length);

    /// <summary>The value parsed on its own (once); valid until the next <see cref="TryLoad"/> or <see cref="Clear"/>.</summary>
    public JsonElement Parse(in JsonMember member)
    {
        foreach (var (start, parsed) in _parsed)
            if (start == member.Start) return parsed.RootElement;
        var document = JsonDocument.Parse(Raw(member), JsonLineFormat.DocumentOptions);
        _parsed.Add((member.Start, document));
        return document.RootElement;
    }

    /// <summary>A string value decoded, or null for any other kind.</summary>
    public string? GetString(in JsonMember member)
    {
        if (member.Kind != JsonTokenType.String) return null;
        var reader = new Utf8JsonReader(Raw(member).Span);
        reader.Read();
        return reader.GetString();
    }

    /// <summary>Forgets the current line and releases what was parsed from it.</summary>
    public void Clear()
    {
        foreach (var (_, document) in _parsed) document.Dispose();
        _parsed.Clear();
        _members.Clear();
        _json = default;
    }

    public void Dispose() => Clear();
}
