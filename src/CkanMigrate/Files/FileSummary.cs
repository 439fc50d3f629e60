namespace CkanMigrate.Files;

/// <summary>Files and bytes per outcome, for the summary line and the run report.</summary>
public sealed class FileSummary
{
    private readonly SortedDictionary<string, (long Files, long Bytes)> _counts = new(StringComparer.Ordinal);

    public void Count(FileOutcome outcome)
    {
        var (files, bytes) = _counts.GetValueOrDefault(outcome.Outcome);
        _counts[outcome.Outcome] = (files + 1, bytes + outcome.Bytes);
    }

    public long this[string outcome] => _counts.GetValueOrDefault(outcome).Files;

    public long Failed => this["failed"];

    public long Total => _counts.Values.Sum(c => c.Files);

    public IEnumerable<(string Outcome, long Files, long Bytes)> Outcomes => _counts.Select(c => (c.Key, c.Value.Files, c.Value.Bytes));

    public string Describe() => Total == 0 ? "no uploaded files" :
        string.Join(", ", _counts.Select(c => $"{c.Value.Files} {c.Key} ({c.Value.Bytes / 1048576.0:0.0} MB)"));
}
