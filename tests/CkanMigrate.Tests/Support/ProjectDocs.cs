namespace CkanMigrate.Tests.Support;

/// <summary>
/// The project's documentation as one text: README.md, every docs/*.md and profiles/README.md. What
/// the docs say of the program (commands, options, log fields) is checked wherever it is written.
/// </summary>
public static class ProjectDocs
{
    public static IReadOnlyList<string> Files { get; } =
    [
        Path.Combine(SharedFiles.RepoRoot, "README.md"),
        .. Directory.GetFiles(Path.Combine(SharedFiles.RepoRoot, "docs"), "*.md").Order(StringComparer.Ordinal),
        Path.Combine(SharedFiles.RepoRoot, "profiles", "README.md"),
    ];

    public static string Text { get; } = string.Join("\n\n", Files.Select(File.ReadAllText));
}
