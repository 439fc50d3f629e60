namespace CkanMigrate.Pipeline;

/// <summary>One stage of one kind in a run report: outcome counts (in display order), time and rate.</summary>
public sealed record StageResult(string Stage, string Kind, IReadOnlyList<(string Outcome, long Count)> Counts, double Seconds, string? Note = null)
{
    /// <summary>A value later steps need (e.g. the filter's latest metadata_modified), kept in the run state with the step.</summary>
    public string? Latest { get; init; }

    public long Total => Counts.Sum(c => c.Count);

    public double Rate => Seconds > 0 ? Total / Seconds : 0;
}
