using CkanMigrate.Entities;
using CkanMigrate.Indexing;

namespace CkanMigrate.Indexing;

/// <summary>
/// The ids and names of the records a dump has written (or resource ids a load has sent), kept as
/// 64-bit digests in a <see cref="DigestTable{T}"/> (a digest and its slot a key, no string), and
/// past the memory budget the set spills to disk. Two keys of a million share
/// a digest with a chance of about one in ten million; the cost of it is a record counted as seen.
/// </summary>
internal sealed class SeenKeys : IDisposable
{
    private readonly DigestTable<KeyOnly> _digests = new(bySecond: false);

    public void Add(string? key)
    {
        if (!string.IsNullOrEmpty(key)) _digests.Put(new KeyOnly(KeyDigest.Of(key)));
    }

    public bool Contains(string key) => _digests.TryGet(KeyDigest.Of(key), out _);

    public long Count => _digests.Count;

    public void Dispose() => _digests.Dispose();
}
