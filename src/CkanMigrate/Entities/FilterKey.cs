namespace CkanMigrate.Entities;

/// <summary>What the filter reads of a record besides its timestamp: enough to keep a pending or bulk-changed one.</summary>
public readonly record struct FilterKey(string? Id, string? Name, bool? Private, string? State);
