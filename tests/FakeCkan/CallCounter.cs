using System.Collections.Concurrent;

namespace FakeCkan;

/// <summary>Counts requests per action (faulted ones included), so tests can assert how many calls a strategy makes.</summary>
public sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string action] => _counts.GetValueOrDefault(action);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts);

    public void Reset() => _counts.Clear();

    internal void Count(string action) => _counts.AddOrUpdate(action, 1, (_, n) => n + 1);
}
