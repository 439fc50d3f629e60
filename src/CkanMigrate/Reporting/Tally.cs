namespace CkanMigrate.Reporting;

/// <summary>
/// How many records (or tables, or files) ended in each outcome, and an amount beside each (rows,
/// bytes), in the enum's order; safe to add to from several threads. The one shape of a stage's
/// counts: every summary keeps one, and the run report reads it the same way.
/// </summary>
public sealed class Tally<TOutcome> where TOutcome : struct, Enum
{
    private static readonly TOutcome[] All = Enum.GetValues<TOutcome>();
    private readonly long[] _counts = new long[All.Length];
    private readonly long[] _amounts = new long[All.Length];
    private readonly Lock _gate = new();

    public void Add(TOutcome outcome, long amount = 0)
    {
        var i = Array.IndexOf(All, outcome);
        lock (_gate)
        {
            _counts[i]++;
            _amounts[i] += amount;
        }
    }

    public long this[TOutcome outcome]
    {
        get { lock (_gate) return _counts[Array.IndexOf(All, outcome)]; }
    }

    public long Amount(TOutcome outcome)
    {
        lock (_gate) return _amounts[Array.IndexOf(All, outcome)];
    }

    public long Total
    {
        get { lock (_gate) return _counts.Sum(); }
    }

    /// <summary>Every outcome with its count and amount, in the enum's order (those never counted included).</summary>
    public IReadOnlyList<(TOutcome Outcome, long Count, long Amount)> Entries
    {
        get { lock (_gate) return All.Select((o, i) => (o, _counts[i], _amounts[i])).ToList(); }
    }

    /// <summary>The counts in the report's words: those given (in that order), else every outcome.</summary>
    public IReadOnlyList<(string Outcome, long Count)> Counts(params TOutcome[] shown) =>
        (shown.Length > 0 ? shown : All).Select(o => (OutcomeWords.Of(o), this[o])).ToList();
}
