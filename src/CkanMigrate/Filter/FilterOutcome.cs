namespace CkanMigrate.Filter;

/// <summary>How one line of a filter ended: kept (modified since the cut-off, or kept anyway), older (left out), or rejected (not a record).</summary>
public enum FilterOutcome
{
    Kept,
    Older,
    Rejected,
}
