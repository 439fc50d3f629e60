namespace CkanMigrate.Tests.Support;

/// <summary>Finds ../shared (specs and fixtures) beside the repository, as CI lays it out.</summary>
public static class SharedFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the clone (as CI lays it out), or $CKAN_MIGRATE_SHARED.</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("CKAN_MIGRATE_SHARED") is { Length: > 0 } dir
        ? System.IO.Path.GetFullPath(dir)
        : System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared"));

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Why a test that needs ../shared cannot run here, or null when the folder is there.</summary>
    public static string? AbsentReason() => Directory.Exists(Path("spec")) && Directory.Exists(Path("fixtures"))
        ? null
        : $"needs the shared specs and fixtures at {Root} (../shared beside the clone, or $CKAN_MIGRATE_SHARED); absent here, present in CI";

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CkanMigrate.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("CkanMigrate.slnx not found above the test folder");
    }
}
