using System.Collections.Concurrent;

namespace CkanMigrate.Portal;

/// <summary>The writes of one load by what they were ("views deleted"), counted from several records at once.</summary>
internal sealed class WriteTally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string what, long count = 1)
    {
        if (count != 0) _counts.AddOrUpdate(what, count, (_, n) => n + count);
    }

    public IReadOnlyDictionary<string, long> Counts => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>"12 views created, 3 views deleted", or null when nothing was written.</summary>
    public static string? Describe(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? null : string.Join(", ", counts.Select(c => $"{c.Value:N0} {c.Key}"));
}
