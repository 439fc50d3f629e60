using System.Collections.Concurrent;

namespace FakeCkan;

/// <summary>Counts requests per action (faulted ones included), so tests can assert how many calls a strategy makes.</summary>
public sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);

    public int this[string action] => _counts.GetValueOrDefault(action);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts);

    /// <summary>
    /// Calls of actions that change the site (not side-effect free) that succeeded: what was written.
    /// A refused call (a validation error, a probe whose fields are invalid on purpose) is not one.
    /// </summary>
    public IReadOnlyDictionary<string, int> Writes() => new Dictionary<string, int>(_writes);

    public void Reset()
    {
        _counts.Clear();
        _writes.Clear();
    }

    internal void Count(string action) => _counts.AddOrUpdate(action, 1, (_, n) => n + 1);

    internal void CountWrite(string action) => _writes.AddOrUpdate(action, 1, (_, n) => n + 1);
}
