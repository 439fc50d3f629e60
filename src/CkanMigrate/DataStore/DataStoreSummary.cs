using System.Globalization;
using System.Text.Json.Nodes;
using CkanMigrate.Reporting;

namespace CkanMigrate.DataStore;

/// <summary>Tables and rows per outcome, and every failure with its reason.</summary>
public sealed class DataStoreSummary
{
    private readonly SortedDictionary<string, (long Tables, long Rows)> _counts = new(StringComparer.Ordinal);
    private readonly List<TableOutcome> _failures = [];
    private readonly Lock _gate = new();

    public TimeSpan Elapsed { get; set; }
    public long Calls { get; set; }

    public void Count(TableOutcome outcome)
    {
        lock (_gate)
        {
            var (tables, rows) = _counts.GetValueOrDefault(outcome.Outcome);
            _counts[outcome.Outcome] = (tables + 1, rows + outcome.Rows);
            if (outcome.IsFailure) _failures.Add(outcome);
        }
    }

    /// <summary>One table's end: counted, shown on the tables' progress, logged as {resource, outcome, rows, error}.</summary>
    public void Record(TableOutcome outcome, RecordLog log, ProgressCounter? tables)
    {
        Count(outcome);
        tables?.Advance(outcome.IsFailure);
        if (!log.Wants(outcome.Outcome) && outcome.Reason is null) return;
        var entry = new JsonObject { ["resource"] = outcome.ResourceId, ["outcome"] = outcome.Outcome, ["rows"] = outcome.Rows };
        if (outcome.Reason is not null) entry["error"] = outcome.Reason;
        log.Write(entry);
    }

    public IReadOnlyList<(string Outcome, long Tables, long Rows)> Outcomes
    {
        get { lock (_gate) return _counts.Select(c => (c.Key, c.Value.Tables, c.Value.Rows)).ToList(); }
    }

    public IReadOnlyList<TableOutcome> Failures
    {
        get { lock (_gate) return _failures.ToList(); }
    }

    public long Tables => Outcomes.Sum(o => o.Tables);

    public long Failed => Outcomes.Where(o => o.Outcome == "failed").Sum(o => o.Tables);

    public long Rows(string outcome) => Outcomes.Where(o => o.Outcome == outcome).Sum(o => o.Rows);

    public string Describe() => Tables == 0 ? "no DataStore tables" :
        string.Join(", ", Outcomes.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Tables} {o.Outcome} ({o.Rows:N0} rows)")));
}
