namespace CkanMigrate.DataStore;

/// <summary>How one table ended (<see cref="TableOutcomeKind"/>), its rows, and, for a failure, CKAN's reason.</summary>
public sealed record TableOutcome(string ResourceId, TableOutcomeKind Outcome, long Rows, string? Reason = null)
{
    public bool IsFailure => Outcome == TableOutcomeKind.Failed;
}
