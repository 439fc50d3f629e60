namespace CkanMigrate.Reporting;

/// <summary>
/// Live counts of one stage, updated by the engine and read by whatever renders progress (a
/// terminal bar, plain stderr lines, nothing with -q). The engine never prints.
/// </summary>
public sealed class ProgressCounter(string label)
{
    private long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private long _finished;
    private long _done;
    private long _failed;
    private long _total = -1;

    public string Label { get; } = label;

    /// <summary>Its place among the stages of a run ("stage 4 of 11"), where it is one; set before it is shown.</summary>
    public (int Number, int Of)? Stage { get; set; }

    /// <summary>Records finished so far, failures included.</summary>
    public long Done => Interlocked.Read(ref _done);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The expected number of records, when the source says.</summary>
    public long? Total => Interlocked.Read(ref _total) is var t && t >= 0 ? t : null;

    public void SetTotal(long total) => Interlocked.Exchange(ref _total, total);

    public void AddToTotal(long more)
    {
        if (Interlocked.CompareExchange(ref _total, more, -1) != -1)
            Interlocked.Add(ref _total, more);
    }

    private long _bytes;

    /// <summary>Bytes of files moved so far (uploaded files), shown with their rate.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    /// <summary>Restarts the clock: when the counter was made before its work began (e.g. before the site was probed).</summary>
    public void Start() => Interlocked.Exchange(ref _started, System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>The work is over: the clock stops, and a renderer shows the stage as finished with its totals.</summary>
    public void Finish() => Interlocked.CompareExchange(ref _finished, System.Diagnostics.Stopwatch.GetTimestamp(), 0);

    public bool IsFinished => Interlocked.Read(ref _finished) != 0;

    /// <summary>Time from start to finish, or to now while running.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _started),
        IsFinished ? Interlocked.Read(ref _finished) : System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>Records per second, once there is a rate to tell: at least a second of work and one record done.</summary>
    public double? Rate => Elapsed is var e && e.TotalSeconds >= 1 && Done > 0 ? Done / e.TotalSeconds : null;

    /// <summary>Many done at once (rows of a batch).</summary>
    public void Advance(long count) => Interlocked.Add(ref _done, count);

    public void Advance(bool failed = false)
    {
        Interlocked.Increment(ref _done);
        if (failed) Interlocked.Increment(ref _failed);
    }
}
