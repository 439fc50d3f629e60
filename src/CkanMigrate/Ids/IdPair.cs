namespace CkanMigrate.Ids;

/// <summary>A source id the target refused and the id the record has there instead.</summary>
public sealed record IdPair(IdKind Kind, string Source, string Target);
