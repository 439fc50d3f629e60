using CkanMigrate.Indexing;

namespace CkanMigrate.Pipeline;

/// <summary>One target record as verify holds it: digests of its id and name, and FieldDiff's digest of its content.</summary>
internal readonly record struct VerifiedRecord(ulong Key, ulong SecondKey, ulong Digest) : IDigestEntry;
