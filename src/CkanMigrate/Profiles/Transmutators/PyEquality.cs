using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>Python's equality and hashing for a set of hashable values (1, 1.0 and True are one member).</summary>
internal sealed class PyEquality : IEqualityComparer<object?>
{
    public static readonly PyEquality Instance = new();

    public new bool Equals(object? x, object? y) => Py.Equals(x, y);

    public int GetHashCode(object? obj) => Py.Hash(obj);
}
