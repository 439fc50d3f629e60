using CkanMigrate.Entities;

namespace CkanMigrate.Dump;

/// <summary>
/// An incremental dump's terms: read only the datasets modified since <see cref="Since"/> or that
/// <see cref="KeepAnyway"/> names (pending, visibility changed, new to the last run's list; the
/// filter's own rule), and write the listing of every dataset to <see cref="Listing"/> so deletions
/// and bulk changes are still found.
/// </summary>
internal sealed record ChangedSince(DateTimeOffset Since, Func<FilterKey, bool> KeepAnyway, Stream Listing);
