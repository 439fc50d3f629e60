using CkanMigrate.Reporting;

namespace CkanMigrate.Files;

/// <summary>Files (and their bytes) per outcome, for the summary line and the run report.</summary>
public sealed class FileSummary
{
    /// <summary>Files per outcome, bytes as the amount.</summary>
    public Tally<FileOutcomeKind> Outcomes { get; } = new();

    public void Count(FileOutcome outcome) => Outcomes.Add(outcome.Outcome, outcome.Bytes);

    public long Failed => Outcomes[FileOutcomeKind.Failed];

    public long Total => Outcomes.Total;

    public string Describe() => Total == 0 ? "no uploaded files" :
        string.Join(", ", Outcomes.Entries.Where(e => e.Count > 0).OrderBy(e => OutcomeWords.Of(e.Outcome), StringComparer.Ordinal).Select(e => $"{e.Count} {OutcomeWords.Of(e.Outcome)} ({e.Amount / 1048576.0:0.0} MB)"));
}
