namespace CkanMigrate.Indexing;

/// <summary>
/// How much memory one index of a run (the load's target index, a dump's seen keys, verify's
/// target) may hold before it spills to disk. One setting for the process, because the CLI's
/// <c>--index-memory</c> applies to every verb; a library caller sets it the same way.
/// </summary>
internal static class IndexMemory
{
    public const long DefaultBudgetBytes = 100L * 1024 * 1024;

    /// <summary>Bytes per index; past this its entries go to a sorted file in <see cref="SpillFolder"/>.</summary>
    public static long BudgetBytes { get; set; } = DefaultBudgetBytes;

    /// <summary>Where spill files go (unlinked at once on Unix, so nothing is left behind even on a kill).</summary>
    public static string SpillFolder { get; set; } = Path.GetTempPath();
}
