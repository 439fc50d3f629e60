namespace CkanMigrate.Pipeline;

/// <summary>
/// A source dataset as the ledger remembers it between runs: its visibility ("private/active",
/// to see bulk changes; null from a ledger too old to have it) and its name (to find its copy on a
/// target that gave it another id).
/// </summary>
public sealed record SourceDataset(string? Visibility, string? Name);
