using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Reporting;

/// <summary>
/// The -l/--log file: one JSON object per line, written as records finish. Created owner-only,
/// because entries name users and may quote CKAN's messages about their fields.
/// </summary>
public sealed class RecordLog : IAsyncDisposable
{
    private readonly AtomicOutputFile? _file;
    private readonly Utf8JsonWriter? _writer;
    private readonly Lock _gate = new();

    private RecordLog(AtomicOutputFile? file)
    {
        _file = file;
        if (file is not null) _writer = new Utf8JsonWriter(file.Stream, JsonLineFormat.Options);
    }

    /// <summary>A log that writes nothing (no -l given), but still keeps the first problems for stderr.</summary>
    public static RecordLog None => new(null);

    /// <summary>How many of the first problems are kept to be shown on stderr.</summary>
    public const int ProblemsShown = 10;

    private readonly List<string> _firstProblems = [];
    private long _problems;

    /// <summary>Rejected and failed records so far (every stage logs them here, with or without a file).</summary>
    public long Problems => Interlocked.Read(ref _problems);

    /// <summary>The reasons of the first <see cref="ProblemsShown"/> of them, in the order they happened.</summary>
    public IReadOnlyList<string> FirstProblems
    {
        get { lock (_gate) return _firstProblems.ToList(); }
    }

    private readonly List<string> _firstSkipped = [];

    /// <summary>
    /// The first <see cref="ProblemsShown"/> records skipped by a rule, with the rule's reason (e.g.
    /// the dgu profile's users who belong to no publisher): few enough to list in a report.
    /// </summary>
    public IReadOnlyList<string> FirstSkipped
    {
        get { lock (_gate) return _firstSkipped.ToList(); }
    }

    /// <summary>Whether an entry of this outcome is worth building when no file is kept.</summary>
    public bool Wants(string outcome) => Enabled || IsProblem(outcome) || outcome == "skipped";

    private static bool IsProblem(string? outcome) => outcome is "rejected" or "failed";

    public static RecordLog Open(string? path) =>
        path is null ? None : new RecordLog(AtomicOutputFile.Create(path, AtomicOutputFile.WantsGzip(path), ownerOnly: true));

    public bool Enabled => _file is not null;

    public void Write(JsonObject entry)
    {
        var outcome = entry["outcome"]?.ToString();
        if (IsProblem(outcome)) Keep(entry);
        else if (outcome == "skipped") KeepSkipped(entry);
        if (_file is null) return;
        lock (_gate)
            JsonLineFormat.WriteLine(_writer!, _file.Stream, entry);
    }

    private void Keep(JsonObject entry)
    {
        Interlocked.Increment(ref _problems);
        var reason = (entry["error"] ?? entry["reason"])?.ToString() ?? "(no reason given)";
        var key = (entry["key"] ?? entry["name"] ?? entry["id"])?.ToString();
        if (key is not null && !reason.Contains(key, StringComparison.Ordinal) && !reason.Contains(" line ", StringComparison.Ordinal)) reason = $"{key}: {reason}";
        lock (_gate)
            if (_firstProblems.Count < ProblemsShown) _firstProblems.Add(reason);
    }

    private void KeepSkipped(JsonObject entry)
    {
        lock (_gate)
            if (_firstSkipped.Count >= ProblemsShown) return;
        var key = (entry["key"] ?? entry["name"] ?? entry["id"])?.ToString();
        var where = key ?? (entry["line"] is { } line ? $"{entry["file"]?.ToString() ?? ""}{(entry["file"] is null ? "" : " ")}line {line}" : "a record");
        var text = $"{where}: {(entry["reason"] ?? entry["note"])?.ToString() ?? "skipped (no reason given)"}"; // the load names its rule in "note"
        if (entry["notes"] is JsonArray { Count: > 0 } notes) text += $" ({string.Join("; ", notes.Select(n => n?.ToString()))})";
        lock (_gate)
            if (_firstSkipped.Count < ProblemsShown) _firstSkipped.Add(text);
    }

    /// <summary>The log is kept even when the run fails: it is how the operator finds out why.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_file is null) return;
        await _file.CommitAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        _writer!.Dispose();
    }
}
