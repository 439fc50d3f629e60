namespace CkanMigrate.Indexing;

/// <summary>
/// What a <see cref="DigestTable{T}"/> holds: a fixed-size struct with no references (so it can be
/// written to disk as bytes), found by a 64-bit digest of its key (an id) and, for tables that look
/// up by a second key (a name), by a digest of that.
/// </summary>
internal interface IDigestEntry
{
    ulong Key { get; }

    /// <summary>0 when the entry has none (a real digest is 0 once in 2^64).</summary>
    ulong SecondKey { get; }
}
