namespace CkanMigrate.Pipeline;

/// <summary>One stage of one kind in a run report: outcome counts (in display order), time and rate.</summary>
public sealed record StageResult(string Stage, string Kind, IReadOnlyList<(string Outcome, long Count)> Counts, double Seconds, string? Note = null)
{
    public long Total => Counts.Sum(c => c.Count);

    public double Rate => Seconds > 0 ? Total / Seconds : 0;
}
