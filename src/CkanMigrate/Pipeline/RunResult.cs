namespace CkanMigrate.Pipeline;

/// <summary>What a run did, stage by stage, and what it leaves for the next run.</summary>
public sealed record RunResult(IReadOnlyList<StageResult> Stages, string? HighWaterMark, bool Resumed, string ReportPath)
{
    /// <summary>Datasets rejected or failed in this run: retried by the next one.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];

    /// <summary>Datasets the source no longer has, and what was done about them.</summary>
    public DeleteOutcome Deletes { get; init; } = DeleteOutcome.None;

    /// <summary>What the operator must know of the run as a whole (e.g. everything converted again after the profile changed).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>What the report says of the portal beyond the stages, for the record rather than as a warning (what no run can move, what is moved only when asked).</summary>
    public IReadOnlyList<string> Remarks { get; init; } = [];

    /// <summary>What the target is, as the preflight and the loads found it (one line each); empty for a folder target.</summary>
    public IReadOnlyList<string> Target { get; init; } = [];

    /// <summary>A dry run: nothing was written to the target; the counts are what a run would do.</summary>
    public bool DryRun { get; init; }

    /// <summary>Records rejected or failed in any stage.</summary>
    public long Problems => Stages.Sum(s => s.Problems);

    /// <summary>Whether every record got through, every stage could vouch for its result, and no delete was held back.</summary>
    public bool Clean => Problems == 0 && !Stages.Any(s => s.Unproven) && !Deletes.HeldBack;
}
