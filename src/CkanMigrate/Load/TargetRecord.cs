namespace CkanMigrate.Load;

/// <summary>What we keep in memory about one record already on the target: enough to match and compare.</summary>
internal sealed record TargetRecord(string Id, string? Name, ulong Fingerprint, IReadOnlyDictionary<string, string>? Members, string? State,
    IReadOnlySet<string>? Owner = null, string? Extras = null, IReadOnlyList<ulong>? FilledVariants = null, IReadOnlySet<string>? Parents = null);
