namespace CkanMigrate.DataStore;

/// <summary>
/// How one table ended. Dump: dumped, already there (a resumed dump), no table (the flag said one,
/// the site has none) or failed. Load: created, resumed (finished from its last batch), unchanged,
/// or failed. A failure carries CKAN's reason.
/// </summary>
public sealed record TableOutcome(string ResourceId, string Outcome, long Rows, string? Reason = null)
{
    public bool IsFailure => Outcome == "failed";
}
