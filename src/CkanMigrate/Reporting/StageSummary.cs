namespace CkanMigrate.Reporting;

/// <summary>
/// What every stage that reads records counts: the lines it read, how each ended (a <see cref="Tally{TOutcome}"/>
/// of its own outcomes), and the time it took. Every line ends in exactly one outcome, so the counts
/// add up to the lines read; a stage whose counts do not lost or doubled a record.
/// </summary>
public abstract class StageSummary<TOutcome> where TOutcome : struct, Enum
{
    public Tally<TOutcome> Outcomes { get; } = new();

    public long LinesRead { get; set; }

    public TimeSpan Elapsed { get; set; }

    public bool AddsUp => Outcomes.Total == LinesRead;
}
