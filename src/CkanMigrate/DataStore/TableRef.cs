namespace CkanMigrate.DataStore;

/// <summary>A resource whose dataset record says it has a DataStore table (datastore_active), and where it sits.</summary>
public sealed record TableRef(string ResourceId, string? PackageId, string? PackageName, int Position);
