namespace CkanMigrate.Load;

/// <summary>Where every input line ends: exactly one of these.</summary>
public enum LoadOutcome
{
    Created,
    Updated,
    Unchanged,
    /// <summary>Left alone by a rule (create-only, update-only, blank line).</summary>
    Skipped,
    /// <summary>Refused, by CKAN or by our own checks; the line goes to the rejects file.</summary>
    Rejected,
}
