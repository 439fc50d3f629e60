namespace CkanMigrate.Ids;

/// <summary>A source id the target refused and the id the record has there instead.</summary>
internal sealed record IdPair(IdKind Kind, string Source, string Target);
