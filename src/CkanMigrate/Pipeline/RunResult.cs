namespace CkanMigrate.Pipeline;

/// <summary>What a run did, stage by stage, and what it leaves for the next run.</summary>
public sealed record RunResult(IReadOnlyList<StageResult> Stages, string? HighWaterMark, bool Resumed, string ReportPath)
{
    /// <summary>Datasets rejected or failed in this run: retried by the next one.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];

    /// <summary>Datasets confirmed gone at the source (deleted, or still to delete, on the target).</summary>
    public IReadOnlyList<string> GoneFromSource { get; init; } = [];

    /// <summary>Whether this run deleted them on the target (--propagate-deletes).</summary>
    public bool DeletesPropagated { get; init; }

    /// <summary>Datasets the last run saw that this dump lacks, yet the source still has: never deleted.</summary>
    public IReadOnlyList<string> StillAtSource { get; init; } = [];

    /// <summary>Records rejected or failed in any stage.</summary>
    public long Problems => Stages.Sum(s => s.Problems);

    /// <summary>Whether every record got through and every stage could vouch for its result.</summary>
    public bool Clean => Problems == 0 && !Stages.Any(s => s.Unproven);
}
