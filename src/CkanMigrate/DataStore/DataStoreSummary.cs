using System.Globalization;
using System.Text.Json.Nodes;
using CkanMigrate.Reporting;

namespace CkanMigrate.DataStore;

/// <summary>Tables (and their rows) per outcome, and every failure with its reason.</summary>
public sealed class DataStoreSummary
{
    private readonly List<TableOutcome> _failures = [];
    private readonly Lock _gate = new();

    /// <summary>Tables per outcome, rows as the amount.</summary>
    public Tally<TableOutcomeKind> Outcomes { get; } = new();

    public TimeSpan Elapsed { get; set; }
    public long Calls { get; set; }

    public void Count(TableOutcome outcome)
    {
        Outcomes.Add(outcome.Outcome, outcome.Rows);
        if (outcome.IsFailure)
            lock (_gate) _failures.Add(outcome);
    }

    /// <summary>One table's end: counted, shown on the tables' progress, logged as {resource, outcome, rows, error}.</summary>
    public void Record(TableOutcome outcome, RecordLog log, ProgressCounter? tables)
    {
        Count(outcome);
        tables?.Advance(outcome.IsFailure);
        var word = OutcomeWords.Of(outcome.Outcome);
        if (!log.Wants(word) && outcome.Reason is null) return;
        var entry = new JsonObject { ["resource"] = outcome.ResourceId, ["outcome"] = word, ["rows"] = outcome.Rows };
        if (outcome.Reason is not null) entry["error"] = outcome.Reason;
        log.Write(entry);
    }

    public IReadOnlyList<TableOutcome> Failures
    {
        get { lock (_gate) return _failures.ToList(); }
    }

    public long Tables => Outcomes.Total;

    public long Failed => Outcomes[TableOutcomeKind.Failed];

    public long Rows(params TableOutcomeKind[] outcomes) => outcomes.Sum(Outcomes.Amount);

    public string Describe() => Tables == 0 ? "no DataStore tables" :
        string.Join(", ", Outcomes.Entries.Where(e => e.Count > 0).OrderBy(e => OutcomeWords.Of(e.Outcome), StringComparer.Ordinal)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Count} {OutcomeWords.Of(e.Outcome)} ({e.Amount:N0} rows)")));
}
