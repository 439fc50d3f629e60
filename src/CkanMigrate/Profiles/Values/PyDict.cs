namespace CkanMigrate.Profiles.Values;

/// <summary>
/// A record or nested object as transmute sees it: a Python dict. Keys keep insertion order, a key
/// set again keeps its place and a removed one that comes back goes to the end, as in Python, so our
/// output lists keys in the order transmute's would. Values read from the input stay as their raw
/// JSON bytes (<see cref="RawJson"/>) until a rule reads them; most of a record is never parsed.
/// Records hold a few dozen keys, so a linear search beats hashing here.
/// </summary>
internal sealed class PyDict
{
    private readonly List<string> _keys;
    private readonly List<object?> _values;

    public PyDict(int capacity = 8)
    {
        _keys = new List<string>(capacity);
        _values = new List<object?>(capacity);
    }

    public int Count => _keys.Count;

    public string KeyAt(int index) => _keys[index];

    /// <summary>The value at a position, parsed if it was still raw.</summary>
    public object? ValueAt(int index)
    {
        var value = _values[index];
        if (value is RawJson raw) _values[index] = value = raw.Parse();
        return value;
    }

    /// <summary>The value as stored: raw bytes stay raw (for writing).</summary>
    public object? StoredAt(int index) => _values[index];

    public int IndexOf(string key)
    {
        for (var i = 0; i < _keys.Count; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out object? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : null;
        return i >= 0;
    }

    /// <summary><c>dict.get(key)</c>: None when absent.</summary>
    public object? Get(string key) => TryGetValue(key, out var value) ? value : null;

    public void Set(string key, object? value)
    {
        var i = IndexOf(key);
        if (i >= 0) _values[i] = value;
        else
        {
            _keys.Add(key);
            _values.Add(value);
        }
    }

    /// <summary><c>dict.pop(key, None)</c>.</summary>
    public object? Pop(string key)
    {
        var i = IndexOf(key);
        if (i < 0) return null;
        var value = ValueAt(i);
        _keys.RemoveAt(i);
        _values.RemoveAt(i);
        return value;
    }

    public void RemoveAt(int index)
    {
        _keys.RemoveAt(index);
        _values.RemoveAt(index);
    }

    /// <summary><c>dict.update(other)</c>.</summary>
    public void Update(PyDict other)
    {
        for (var i = 0; i < other.Count; i++) Set(other.KeyAt(i), other.ValueAt(i));
    }

    public void Clear()
    {
        _keys.Clear();
        _values.Clear();
    }
}
