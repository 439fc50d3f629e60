namespace CkanMigrate.Cli;

/// <summary>
/// Documents shipped beside the program (in the tool package, the build output and a published
/// folder alike; see the project file), so that help can name a file an installed tool's user has,
/// where a path in a checkout (docs/...) would name nothing.
/// </summary>
internal static class ShippedDocs
{
    /// <summary>The dgu profile: what each of its conversions does, and why.</summary>
    public static string DguProfile => Path.Combine(AppContext.BaseDirectory, "docs", "dgu-profile.md");
}
