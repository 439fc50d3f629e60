namespace CkanMigrate.Dump;

/// <summary>What a dump did: for the final summary line, the exit code and the issue notes.</summary>
public sealed record DumpSummary(
    string Entity,
    string Strategy,
    long Written,
    long Failed,
    long SkippedDeleted,
    long? SourceCount,
    long Calls,
    long Retries,
    TimeSpan Elapsed,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Why the dump cannot be shown to hold every record (the run then ends with exit 3), or null.</summary>
    public string? Unproven { get; init; }

    /// <summary>The uploaded files fetched (<c>--files</c>), or null when none were asked for.</summary>
    public Files.FileSummary? Files { get; init; }

    /// <summary>An incremental dump's account of itself: how many datasets were listed and how many read whole.</summary>
    public string? Incremental { get; init; }

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Written / Elapsed.TotalSeconds : 0;
}
