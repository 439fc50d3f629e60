namespace CkanMigrate.Files;

/// <summary>How one uploaded file ended: fetched (dump) or sent (load), already there (nothing moved), or failed.</summary>
public enum FileOutcomeKind
{
    Fetched,
    Sent,
    AlreadyThere,
    Failed,
}
