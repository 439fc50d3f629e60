namespace CkanMigrate.Pipeline;

/// <summary>One stage of one kind in a run report: outcome counts (in display order), time and rate.</summary>
public sealed record StageResult(string Stage, string Kind, IReadOnlyList<(string Outcome, long Count)> Counts, double Seconds, string? Note = null)
{
    /// <summary>Outcomes that mean a record did not get through: they make the run end with exit 3.</summary>
    public static readonly IReadOnlySet<string> ProblemOutcomes = new HashSet<string>(StringComparer.Ordinal) { "rejected", "failed", "files failed" };

    /// <summary>A value later steps need (e.g. the filter's latest metadata_modified), kept in the run state with the step.</summary>
    public string? Latest { get; init; }

    /// <summary>The records the stage read, where it reads a file: its outcome counts must add up to this.</summary>
    public long? Read { get; init; }

    /// <summary>What the stage wants the operator to know (a dump that changed under it, fields a target did not keep).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The first rejection and failure reasons, for stderr; all of them are in the stage's log.</summary>
    public IReadOnlyList<string> FirstProblems { get; init; } = [];

    /// <summary>The stage's log, where every reason is.</summary>
    public string? LogPath { get; init; }

    /// <summary>Where the stage copied its rejected input lines, unchanged (to fix and feed again), when it has any.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>The first records skipped by a rule, each with its reason (all of them are in the log).</summary>
    public IReadOnlyList<string> FirstSkipped { get; init; } = [];

    /// <summary>
    /// A step that handles two kinds at once (the dgu users conversion also converts organizations)
    /// reports them as these parts, one row each; the step's own counts are their sum.
    /// </summary>
    public IReadOnlyList<StageResult> Parts { get; init; } = [];

    /// <summary>Records the target does not take as they are, grouped by reason with counts and a few examples (a load's, or a dry run's plan).</summary>
    public IReadOnlyList<(string Reason, long Count, IReadOnlyList<string> Examples)> Unfit { get; init; } = [];

    /// <summary>Whether the stage cannot vouch for its result (e.g. a dump not proven complete): exit 3 too.</summary>
    public bool Unproven { get; init; }

    /// <summary>Records counted (file counts, which a stage may add, are not records).</summary>
    public long Total => Counts.Where(c => !c.Outcome.StartsWith("files ", StringComparison.Ordinal)).Sum(c => c.Count);

    public long Problems => Counts.Where(c => ProblemOutcomes.Contains(c.Outcome)).Sum(c => c.Count);

    public double Rate => Seconds > 0 ? Total / Seconds : 0;

    /// <summary>Every record read ends in exactly one outcome: a stage whose counts do not add up lost or doubled one.</summary>
    public void EnsureAddsUp()
    {
        if (Read is { } read)
            Reporting.Counts.EnsureAddUp(read == Total, $"{Stage} {Kind}: {read} read, {string.Join(", ", Counts.Select(c => $"{c.Count} {c.Outcome}"))}");
        foreach (var part in Parts) part.EnsureAddsUp();
    }
}
