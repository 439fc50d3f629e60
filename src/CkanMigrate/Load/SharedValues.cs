namespace CkanMigrate.Load;

/// <summary>
/// Values many records share (the owner set of a dataset, its state), each kept once and referred
/// to by index, so a million records with fifty owners hold fifty sets, not a million.
/// </summary>
internal sealed class SharedValues<T>(Func<T, string> keyOf)
{
    private readonly List<T> _values = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Index(T value)
    {
        var key = keyOf(value);
        if (_index.TryGetValue(key, out var at)) return at;
        _values.Add(value);
        return _index[key] = _values.Count - 1;
    }

    public T this[int index] => _values[index];
}
