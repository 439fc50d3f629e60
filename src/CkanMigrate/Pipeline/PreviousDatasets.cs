using CkanMigrate.Entities;
using CkanMigrate.Indexing;

namespace CkanMigrate.Pipeline;

/// <summary>
/// The last run's list of source datasets as the incremental rule asks it: whether an id was seen,
/// and with which visibility. Held as digests (~24 bytes a dataset; the few visibility strings
/// once each) and spilled to disk past the memory budget. Built once, then only read, so it may be
/// asked from several threads.
/// </summary>
internal sealed class PreviousDatasets : IDisposable
{
    private readonly DigestTable<Seen> _ids = new(bySecond: false);
    private readonly List<string> _visibilities = [];

    /// <param name="Visibility">Index into the visibilities, -1 when the ledger did not keep it.</param>
    private readonly record struct Seen(ulong Key, int Visibility) : IDigestEntry
    {
        public ulong SecondKey => 0;
    }

    public static PreviousDatasets Read(IEnumerable<(string Id, string? Visibility, string? Name)> lines)
    {
        var previous = new PreviousDatasets();
        foreach (var (id, visibility, _) in lines)
        {
            var at = visibility is null ? -1 : previous._visibilities.IndexOf(visibility);
            if (visibility is not null && at < 0)
            {
                previous._visibilities.Add(visibility);
                at = previous._visibilities.Count - 1;
            }
            previous._ids.Put(new Seen(KeyDigest.Of(id), at));
        }
        return previous;
    }

    public long Count => _ids.Count;

    /// <summary>Whether the last run saw the id, and with which visibility ("private/active"; null when the ledger did not keep it).</summary>
    public bool TryFind(string id, out string? visibility)
    {
        var found = _ids.TryGet(KeyDigest.Of(id), out var seen);
        visibility = found && seen.Visibility >= 0 ? _visibilities[seen.Visibility] : null;
        return found;
    }

    public void Dispose() => _ids.Dispose();
}
