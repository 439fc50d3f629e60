namespace CkanMigrate.Profiles.Schema;

/// <summary>A transmute schema, read and checked: the root type and every type by name.</summary>
internal sealed record TransmuteSchema(TypeRule Root, IReadOnlyDictionary<string, TypeRule> Types);
