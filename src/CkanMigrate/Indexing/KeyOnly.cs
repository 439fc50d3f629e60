namespace CkanMigrate.Indexing;

/// <summary>An entry that is only its key: a <see cref="DigestTable{T}"/> of these is a set of digests.</summary>
internal readonly record struct KeyOnly(ulong Key) : IDigestEntry
{
    public ulong SecondKey => 0;
}
