namespace CkanMigrate.Tests.Support;

/// <summary>
/// A test that reads files from outside the repository (../shared: the recorded CKAN exchanges,
/// the data.gov.uk fixtures). A bare clone has no ../shared, so there the test is skipped with that
/// reason instead of failing; CI has the folder, and runs it.
/// </summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedFiles.AbsentReason() is { } reason) Skip = reason;
    }
}
