namespace CkanMigrate.Profiles.Values;

/// <summary>A value still as the input's JSON bytes: parsed on first read, written back as it came when never read.</summary>
internal sealed class RawJson(ReadOnlyMemory<byte> utf8)
{
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    public object? Parse() => JsonValues.Parse(Utf8);
}
