namespace CkanMigrate.Dump;

/// <summary>
/// The ids and names of the records a dump has written, kept as 64-bit digests so a million
/// datasets cost about 40 MB rather than a few hundred (the chance that two of them share a digest
/// is about one in ten million, and the cost of it is a record counted as seen).
/// </summary>
internal sealed class SeenKeys
{
    private readonly HashSet<ulong> _digests = [];

    public void Add(string? key)
    {
        if (!string.IsNullOrEmpty(key)) _digests.Add(Digest(key));
    }

    public bool Contains(string key) => _digests.Contains(Digest(key));

    private static ulong Digest(string key) => Entities.KeyDigest.Of(key);
}
