namespace CkanMigrate.Load;

/// <summary>Counts per outcome; they add up to the lines read.</summary>
public sealed class LoadSummary : Reporting.StageSummary<LoadOutcome>
{

    /// <summary>The uploaded files sent with the datasets (<c>--files</c>), or null.</summary>
    public Files.FileSummary? Files { get; set; }
    /// <summary>Organizations and groups: parent links made after the records, and parents the target lacks (see <see cref="ParentLinks"/>).</summary>
    internal ParentSummary? Parents { get; set; }

    public long Calls { get; set; }
    public long Retries { get; set; }
    public string Strategy { get; set; } = "";

    /// <summary>Why the run stopped before the end of the input, or null.</summary>
    public string? StoppedBecause { get; set; }

    /// <summary>The first line not finished when the run stopped (for <c>-s</c>).</summary>
    public long? ResumeLine { get; set; }

    /// <summary>How many examples of each reason a record does not fit the target are kept (the log has every record).</summary>
    public const int UnfitExamples = 5;

    /// <summary>Records the target does not take as they are, by reason (worded alike for every record it holds for), with the first few keys.</summary>
    public SortedDictionary<string, (long Count, List<string> Examples)> Unfit { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that go in under ids derived from their source ids, which the target refused (see <see cref="Ids.TargetIds"/>).</summary>
    public long DerivedIds { get; set; }

    public void CountUnfit(string reason, string key)
    {
        var (count, examples) = Unfit.GetValueOrDefault(reason, (0, []));
        if (examples.Count < UnfitExamples) examples.Add(key);
        Unfit[reason] = (count + 1, examples);
    }

    /// <summary>Records written in part: the target dropped some of the fields sent (listed per record in the log).</summary>
    public long NotKeptRecords { get; private set; }

    /// <summary>The fields dropped, by name, and how many records lost each (for the summary).</summary>
    public SortedDictionary<string, long> NotKeptFields { get; } = new(StringComparer.Ordinal);

    public void CountNotKept(IReadOnlyList<string> fields)
    {
        if (fields.Count == 0) return;
        NotKeptRecords++;
        foreach (var f in fields)
        {
            var field = f.Split('.')[0]; // "extras.x" counts as extras: the summary names kinds of loss, the log the details
            NotKeptFields[field] = NotKeptFields.GetValueOrDefault(field) + 1;
        }
    }

    public long this[LoadOutcome outcome] => Outcomes[outcome];

    public void Count(LoadOutcome outcome) => Outcomes.Add(outcome);

    public long Total => Outcomes.Total;

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Total / Elapsed.TotalSeconds : 0;

    public string Describe() =>
        $"{LinesRead} lines: {this[LoadOutcome.Created]} created, {this[LoadOutcome.Updated]} updated, " +
        $"{this[LoadOutcome.Unchanged]} unchanged, {this[LoadOutcome.Skipped]} skipped, {this[LoadOutcome.Rejected]} rejected"
        + (NotKeptRecords > 0 ? $"; {NotKeptRecords} written without some fields the target did not keep ({string.Join(", ", NotKeptFields.Select(f => $"{f.Key} ×{f.Value}"))})" : "");
}
