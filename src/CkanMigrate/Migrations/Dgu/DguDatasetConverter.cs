using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using CkanMigrate.Entities;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// A legacy (ckanext-dgu) dataset to the new (ckanext-datagovuk) schema: spec/dgu-migration.md §6,
/// step for step, with bugs D1–D4 of §14 fixed on purpose (see docs/dgu-profile.md). A record the
/// original would have crashed on is rejected with a reason instead of aborting the run.
/// It streams: the record is read once as tokens (<see cref="JsonMemberIndex"/>); keys it does not
/// touch (most of a record, resources included) are copied as raw bytes and only the few members it
/// rewrites are parsed, so a record is never built as a tree.
/// </summary>
public sealed class DguDatasetConverter : IRawRecordConverter
{
    public const string PrimaryThemeNotMapped = "Primary theme mapping not possible";
    public const string Migrated = "Migrated dataset";

    private static readonly HashSet<string> Dropped = new(["tags", "num_tags", "schema", .. DguTables.SplitResourceLists], StringComparer.Ordinal); // steps 2 and 5 (D1: a missing one is fine), step 1

    /// <summary>Step 9's keys as UTF-8, to test property names without decoding them.</summary>
    private static readonly byte[][] ResourceJsonKeysUtf8 = [.. DguTables.ResourceJsonKeys.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>One element of an extras list, found while the record was indexed: its key and where it lies in the line.</summary>
    private readonly record struct Extra(int Origin, string? Key, int Start, int End);

    /// <summary>One element of a resources list, found while the record was indexed: where it lies, and whether its qa/archiver need encoding.</summary>
    private readonly record struct Resource(int Origin, int Start, int End, bool Encode);

    /// <summary>The tree form, for callers holding a JsonObject; the same code as the fast path.</summary>
    public ConversionResult Convert(JsonObject record)
    {
        using var buffer = new MemoryStream();
        ConversionResult result;
        using (var writer = new Utf8JsonWriter(buffer))
            result = ConvertRaw(JsonSerializer.SerializeToUtf8Bytes(record), writer);
        return result.Outcome == ConversionOutcome.Converted
            ? result with { Record = (JsonObject)JsonNode.Parse(buffer.ToArray())! }
            : result;
    }

    /// <summary>
    /// What one conversion works with, kept per thread and reused record after record (a new set for
    /// each record was most of the converter's garbage). Extras and resources are walked while the
    /// record is indexed, so neither is tokenised twice: each element's place is noted, with an
    /// extra's key and whether a resource needs encoding.
    /// </summary>
    private sealed class Scratch
    {
        public readonly List<Extra> Extras = [];
        public readonly List<Resource> Resources = [];
        public readonly NameCache Keys = new();
        public readonly JsonMemberIndex Index;

        public Scratch() => Index = new JsonMemberIndex(new Dictionary<string, JsonMemberIndex.ValueWalker>(StringComparer.Ordinal)
        {
            ["extras"] = (ref Utf8JsonReader reader) => ListExtras(ref reader, Extras, Keys),
            ["resources"] = (ref Utf8JsonReader reader) => ListResources(ref reader, Resources),
        });
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    public ConversionResult ConvertRaw(ReadOnlyMemory<byte> json, Utf8JsonWriter w)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Extras.Clear();
        scratch.Resources.Clear();
        try
        {
            return Convert(json, w, scratch.Index, scratch.Extras, scratch.Resources);
        }
        finally
        {
            scratch.Index.Clear();
        }
    }

    /// <summary>A non-empty string value (its raw form is longer than the two quotes).</summary>
    private static bool HasText(JsonMemberIndex d, string field) => d.TryGet(field, out var member) && member.Kind == JsonTokenType.String && member.Length > 2;

    private static ConversionResult Convert(ReadOnlyMemory<byte> json, Utf8JsonWriter w, JsonMemberIndex d, List<Extra> extras, List<Resource> resources)
    {
        if (!d.TryLoad(json, out var error)) return ConversionResult.Rejected(error!);
        if (!HasText(d, "id") && !HasText(d, "name")) return ConversionResult.Rejected(RecordChecks.NoKey);
        // Checks first: a record that cannot be converted must leave nothing behind.
        if (Reject(d) is { } reason) return ConversionResult.Rejected(reason);
        var notes = new List<(string, string)>();
        var moved = DguTables.MovedToExtras.Where(d.Contains).ToList();
        var sawTheme = false;
        var sawExtras = false;

        w.WriteStartObject();
        foreach (var p in d.Members)
        {
            var name = p.Name;
            if (Dropped.Contains(name) || moved.Contains(name)) continue; // steps 1, 2, 5, 10
            switch (name)
            {
                case "theme-primary": // step 3: table 10.1, anything else becomes "None" (D5 kept)
                    sawTheme = true;
                    var title = d.GetString(p);
                    if (title is not null && DguTables.PrimaryThemes.TryGetValue(title, out var slug)) w.WriteString(name, slug);
                    else
                    {
                        notes.Add((PrimaryThemeNotMapped, title ?? (p.IsNull ? "None" : Encoding.UTF8.GetString(d.Raw(p).Span))));
                        w.WriteString(name, DguTables.NoTheme);
                    }
                    break;
                case "codelist": // step 4: the objects reduced to their ids
                    w.WritePropertyName(name);
                    WriteIds(w, d.Parse(p));
                    break;
                case "extras": // steps 6 and 7
                    sawExtras = true;
                    w.WritePropertyName(name);
                    WriteExtras(w, json.Span, extras.Where(e => e.Origin == p.Start), d, moved);
                    break;
                case "resources" when p.IsArray && p.Mark: // step 9, when some resource needs it
                    w.WritePropertyName(name);
                    WriteResources(w, json.Span, resources.Where(r => r.Origin == p.Start));
                    break;
                default:
                    if (p.IsString && DguTables.EmailFields.Contains(name))
                        w.WriteString(name, CleanEmail(d.GetString(p)!)); // step 8, D2 fixed
                    else
                        CopyRaw(w, name, d.Raw(p).Span);
                    break;
            }
        }
        if (!sawTheme) w.WriteString("theme-primary", DguTables.NoTheme);
        if (d.TryGet("schema", out var schema)) // step 5: renamed, reduced to ids
        {
            w.WritePropertyName("schema-vocabulary");
            WriteIds(w, d.Parse(schema));
        }
        if (!sawExtras && moved.Count > 0) // D1 fixed: no extras list is created, not a crash
        {
            w.WritePropertyName("extras");
            w.WriteStartArray();
            WriteMoved(w, d, moved);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        notes.Add((Migrated, d.TryGet("name", out var n) && n.IsString ? d.GetString(n)! : ""));
        return new ConversionResult(ConversionOutcome.Converted, null, null, notes);
    }

    /// <summary>Copies a value as the source wrote it: no re-encoding, just bytes.</summary>
    private static void CopyRaw(Utf8JsonWriter w, string name, ReadOnlySpan<byte> value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(value, skipInputValidation: true);
    }

    private static string? Reject(JsonMemberIndex d)
    {
        foreach (var key in new[] { "codelist", "schema" })
            if (d.TryGet(key, out var list) && !IsListOfObjectsWithId(d.Parse(list)))
                return $"'{key}' must be a list of objects that each have an 'id'";
        if (d.TryGet("extras", out var extras) && !extras.IsArray)
            return "'extras' must be a list of {key, value} objects";
        foreach (var field in DguTables.EmailFields)
            if (d.TryGet(field, out var email) && !(email.IsString || email.IsNull))
                return $"'{field}' must be a string";
        return null;
    }

    /// <summary>Notes each resource's place and whether its qa or archiver is not already a string; true when any is (only then is the list rewritten).</summary>
    private static bool ListResources(ref Utf8JsonReader reader, List<Resource> into)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }
        var origin = (int)reader.TokenStartIndex;
        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            var encode = false;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var encoded = IsResourceJsonKey(ref reader);
                    reader.Read();
                    if (encoded && reader.TokenType != JsonTokenType.String) encode = true;
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
            into.Add(new Resource(origin, start, (int)reader.BytesConsumed, encode));
            any |= encode;
        }
        return any;
    }

    private static bool IsListOfObjectsWithId(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array && list.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty("id", out _));

    private static void WriteIds(Utf8JsonWriter w, JsonElement list)
    {
        w.WriteStartArray();
        foreach (var item in list.EnumerateArray()) item.GetProperty("id").WriteTo(w);
        w.WriteEndArray();
    }

    /// <summary>Notes each extra's key and place while the list is read (the index pass); false when it is not a list.</summary>
    private static bool ListExtras(ref Utf8JsonReader reader, List<Extra> into, NameCache keys)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }
        var origin = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            var key = ExtraKey(ref reader, keys);
            into.Add(new Extra(origin, key, start, (int)reader.BytesConsumed));
        }
        return true;
    }

    /// <summary>
    /// Steps 6 and 7: drops extras now stored as fields and those about to be replaced, then appends
    /// the moved values. The extras kept are copied as they are.
    /// </summary>
    private static void WriteExtras(Utf8JsonWriter w, ReadOnlySpan<byte> line, IEnumerable<Extra> extras, JsonMemberIndex d, List<string> moved)
    {
        w.WriteStartArray();
        foreach (var e in extras)
        {
            if (e.Key is not null && (DguTables.ExtrasNowFields.Contains(e.Key) || moved.Contains(e.Key))) continue;
            w.WriteRawValue(line[e.Start..e.End], skipInputValidation: true);
        }
        WriteMoved(w, d, moved);
        w.WriteEndArray();
    }

    /// <summary>The string "key" of one extra (the last, if repeated), leaving the reader at the extra's end; null when it has none.</summary>
    private static string? ExtraKey(ref Utf8JsonReader reader, NameCache keys)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? key = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKey = reader.ValueTextEquals("key"u8);
            reader.Read();
            if (isKey) key = reader.TokenType == JsonTokenType.String ? keys.Get(ref reader) : null;
            reader.Skip();
        }
        return key;
    }

    /// <summary>Step 6: custom fields as Python-style JSON strings. D4 fixed: "archiver" is moved as well as "archival".</summary>
    private static void WriteMoved(Utf8JsonWriter w, JsonMemberIndex d, List<string> moved)
    {
        foreach (var key in moved)
        {
            d.TryGet(key, out var value);
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", PythonJson.Dumps(d.Raw(value).Span));
            w.WriteEndObject();
        }
    }

    /// <summary>Step 9: resource qa/archiver as JSON strings. D3 fixed: a value already a string stays as it is.</summary>
    private static void WriteResources(Utf8JsonWriter w, ReadOnlySpan<byte> line, IEnumerable<Resource> resources)
    {
        w.WriteStartArray();
        foreach (var r in resources)
        {
            if (r.Encode) WriteEncoded(w, line[r.Start..r.End]);
            else w.WriteRawValue(line[r.Start..r.End], skipInputValidation: true);
        }
        w.WriteEndArray();
    }

    /// <summary>One resource with its qa/archiver objects as Python-style JSON strings and every other value copied as it is.</summary>
    private static void WriteEncoded(Utf8JsonWriter w, ReadOnlySpan<byte> resource)
    {
        var reader = new Utf8JsonReader(resource, JsonLineFormat.ReaderOptions);
        reader.Read(); // the object's start
        w.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var kind = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = resource[start..(int)reader.BytesConsumed];
            if (kind != JsonTokenType.String && DguTables.ResourceJsonKeys.Contains(name)) w.WriteString(name, PythonJson.Dumps(value));
            else CopyRaw(w, name, value);
        }
        w.WriteEndObject();
    }

    /// <summary>The original's intent (D2): trim white space, drop a leading "mailto:", drop non-ASCII characters.</summary>
    public static string CleanEmail(string email)
    {
        var text = email.Trim();
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) text = text[7..];
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c <= 127) ascii.Append(c);
        return ascii.ToString().Trim();
    }

    private static bool IsResourceJsonKey(ref Utf8JsonReader reader)
    {
        foreach (var key in ResourceJsonKeysUtf8)
            if (reader.ValueTextEquals(key)) return true;
        return false;
    }
}
