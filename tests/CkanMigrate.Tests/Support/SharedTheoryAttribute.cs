namespace CkanMigrate.Tests.Support;

/// <summary>A theory that reads files from ../shared: skipped with the reason when they are absent (see <see cref="SharedFactAttribute"/>).</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (SharedFiles.AbsentReason() is { } reason) Skip = reason;
    }
}
