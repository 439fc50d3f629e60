namespace CkanMigrate.DataStore;

/// <summary>
/// How one table ended. Dump: dumped, already there (a resumed dump), no table (the flag said one,
/// the site has none) or failed. Load: created, resumed (finished from its last batch), unchanged,
/// or failed. An offline run: written beside its files.
/// </summary>
public enum TableOutcomeKind
{
    Dumped,
    AlreadyThere,
    NoTable,
    Created,
    Resumed,
    Unchanged,
    Written,
    Failed,
}
