namespace FakeCkan;

/// <summary>
/// Knobs for misbehaving like a tired production server. Rates are probabilities per request, drawn
/// from a seeded generator so a failing test can be replayed. Changeable while the server runs.
/// </summary>
public sealed class FaultSettings
{
    private readonly Lock _gate = new();
    private Random _random = new(12345);
    private int _rateLimitRemaining;
    private int _serverErrorsRemaining;
    private readonly Dictionary<string, int> _successesLeft = new(StringComparer.Ordinal);

    /// <summary>Fixed delay before every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Share of requests answered 500 "Internal Server Error".</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share of requests whose connection is dropped without an answer.</summary>
    public double DropRate { get; set; }

    /// <summary>Share of requests answered only after <see cref="SlowDelay"/> (set it past the client's timeout).</summary>
    public double SlowRate { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seconds sent in Retry-After with 429 answers.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Share of requests that start a 429 burst of <see cref="RateLimitBurstLength"/> answers.</summary>
    public double RateLimitBurstRate { get; set; }

    public int RateLimitBurstLength { get; set; } = 3;

    /// <summary>Everything answers 503: the server is down.</summary>
    public bool Down { get; set; }

    /// <summary>Actions that always answer 500 (a broken endpoint).</summary>
    public HashSet<string> FailingActions { get; } = new(StringComparer.Ordinal);

    private int _cutDownloads;

    /// <summary>The next <paramref name="count"/> file downloads stop halfway through the body (the connection drops).</summary>
    public void CutNextDownloads(int count)
    {
        lock (_gate) _cutDownloads = count;
    }

    internal bool TakeCutDownload()
    {
        lock (_gate)
        {
            if (_cutDownloads <= 0) return false;
            _cutDownloads--;
            return true;
        }
    }

    /// <summary>Records that break the server: any call naming one of these ids or names (id, name_or_id, name) answers 500.</summary>
    public HashSet<string> BrokenRecords { get; } = new(StringComparer.Ordinal);

    internal bool Breaks(System.Text.Json.Nodes.JsonObject parameters)
    {
        lock (_gate)
            return BrokenRecords.Count > 0 && new[] { "id", "name_or_id", "name" }
                .Any(k => FakeCkanStore.Str(parameters, k) is { } key && BrokenRecords.Contains(key));
    }

    /// <summary>Actions an authorization plugin has closed: they answer 403 "Access denied" to everyone (some portals close package_list).</summary>
    public HashSet<string> DeniedActions { get; } = new(StringComparer.Ordinal);

    /// <summary>Only these actions are disturbed by the random rates (all when empty).</summary>
    public HashSet<string> DisturbOnly { get; } = new(StringComparer.Ordinal);

    public void Reseed(int seed)
    {
        lock (_gate) _random = new Random(seed);
    }

    /// <summary>Starts a burst of 429 answers now.</summary>
    public void StartRateLimitBurst(int length)
    {
        lock (_gate) _rateLimitRemaining = length;
    }

    /// <summary>Writes (create, update, patch) of records with these names answer 409 Validation Error, as a validating proxy would.</summary>
    public HashSet<string> RejectedNames { get; } = new(StringComparer.Ordinal);

    internal bool Rejects(string action, string? name)
    {
        lock (_gate)
            return name is not null && RejectedNames.Contains(name) && (action.EndsWith("_create", StringComparison.Ordinal)
                || action.EndsWith("_update", StringComparison.Ordinal) || action.EndsWith("_patch", StringComparison.Ordinal));
    }

    private readonly HashSet<string> _loseAnswer = new(StringComparer.Ordinal);

    /// <summary>The next call of the action is carried out, but its answer never arrives (the connection drops).</summary>
    public void LoseNextAnswer(string action)
    {
        lock (_gate) _loseAnswer.Add(action);
    }

    private readonly HashSet<string> _slowNext = new(StringComparer.Ordinal);

    /// <summary>The next call of the action is carried out, but answered only after <see cref="SlowDelay"/>.</summary>
    public void SlowNextAnswer(string action)
    {
        lock (_gate) _slowNext.Add(action);
    }

    internal bool TakeLostAnswer(string action)
    {
        lock (_gate) return _loseAnswer.Remove(action);
    }

    /// <summary>The next <paramref name="count"/> requests (any action) answer 500, then all is well again.</summary>
    public void FailNext(int count)
    {
        lock (_gate) _serverErrorsRemaining = count;
    }

    /// <summary>The action answers normally <paramref name="successes"/> more times, then 500 for good.</summary>
    public void FailAfter(string action, int successes)
    {
        lock (_gate) _successesLeft[action] = successes;
    }

    private readonly List<(string Action, int Calls, Action Change)> _changes = [];
    private readonly Dictionary<string, int> _answered = new(StringComparer.Ordinal);

    /// <summary>
    /// Someone edits the site while the tool runs: <paramref name="change"/> is applied once, right
    /// after the <paramref name="calls"/>-th successful call of <paramref name="action"/> is carried out.
    /// </summary>
    public void ChangeAfter(string action, int calls, Action change)
    {
        lock (_gate) _changes.Add((action, calls, change));
    }

    internal Action? TakeChange(string action)
    {
        lock (_gate)
        {
            var count = _answered[action] = _answered.GetValueOrDefault(action) + 1;
            var due = _changes.FindIndex(c => c.Action == action && c.Calls == count);
            if (due < 0) return null;
            var change = _changes[due].Change;
            _changes.RemoveAt(due);
            return change;
        }
    }

    internal FaultDecision Decide(string action)
    {
        lock (_gate)
        {
            if (Down) return FaultDecision.Unavailable;
            if (_slowNext.Remove(action)) return FaultDecision.Slow;
            if (FailingActions.Contains(action)) return FaultDecision.ServerError;
            if (_successesLeft.TryGetValue(action, out var left))
            {
                if (left <= 0) return FaultDecision.ServerError;
                _successesLeft[action] = left - 1;
            }
            if (_serverErrorsRemaining > 0)
            {
                _serverErrorsRemaining--;
                return FaultDecision.ServerError;
            }
            if (DisturbOnly.Count > 0 && !DisturbOnly.Contains(action)) return FaultDecision.None;
            if (_rateLimitRemaining > 0)
            {
                _rateLimitRemaining--;
                return FaultDecision.RateLimited;
            }
            if (RateLimitBurstRate > 0 && _random.NextDouble() < RateLimitBurstRate)
            {
                _rateLimitRemaining = Math.Max(0, RateLimitBurstLength - 1);
                return FaultDecision.RateLimited;
            }
            if (ServerErrorRate > 0 && _random.NextDouble() < ServerErrorRate) return FaultDecision.ServerError;
            if (DropRate > 0 && _random.NextDouble() < DropRate) return FaultDecision.Drop;
            if (SlowRate > 0 && _random.NextDouble() < SlowRate) return FaultDecision.Slow;
            return FaultDecision.None;
        }
    }
}

internal enum FaultDecision
{
    None,
    ServerError,
    Unavailable,
    Drop,
    Slow,
    RateLimited,
}
