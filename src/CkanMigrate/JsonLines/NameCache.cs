using System.Text.Json;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Property names and keys decoded once and reused: a portal's records repeat the same few hundred
/// names millions of times, and a new string for each was a good share of the allocations (and
/// so of the garbage collections) of a conversion. Bounded, so odd input cannot make it grow.
/// </summary>
internal sealed class NameCache
{
    private const int MaxEntries = 4096;
    private const int MaxLength = 128;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameCache() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A name given as UTF-8 with no escapes in it, decoded.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return System.Text.Encoding.UTF8.GetString(utf8);
        Span<char> buffer = stackalloc char[MaxLength];
        var chars = buffer[..System.Text.Encoding.UTF8.GetChars(utf8, buffer)];
        if (_lookup.TryGetValue(chars, out var known)) return known;
        var name = chars.ToString();
        if (_names.Count < MaxEntries) _names[name] = name;
        return name;
    }

    /// <summary>The reader's current property name or string value, decoded.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        // Decoding never yields more characters than there are bytes, escaped or not.
        if (reader.ValueSpan.Length > MaxLength) return reader.GetString()!;
        Span<char> buffer = stackalloc char[MaxLength];
        var chars = buffer[..reader.CopyString(buffer)];
        if (_lookup.TryGetValue(chars, out var known)) return known;
        var name = chars.ToString();
        if (_names.Count < MaxEntries) _names[name] = name;
        return name;
    }
}
