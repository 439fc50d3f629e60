namespace CkanMigrate.Indexing;

/// <summary>A spilled table's second key and the key of the entry holding it, sorted by the second key.</summary>
internal readonly record struct SecondKeyPair(ulong Second, ulong Id) : IDigestEntry
{
    public ulong Key => Second;
    public ulong SecondKey => 0;
}
