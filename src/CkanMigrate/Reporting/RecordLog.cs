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

    /// <summary>A log that writes nothing (no -l given).</summary>
    public static RecordLog None { get; } = new(null);

    public static RecordLog Open(string? path) =>
        path is null ? None : new RecordLog(AtomicOutputFile.Create(path, AtomicOutputFile.WantsGzip(path), ownerOnly: true));

    public bool Enabled => _file is not null;

    public void Write(JsonObject entry)
    {
        if (_file is null) return;
        lock (_gate)
            JsonLineFormat.WriteLine(_writer!, _file.Stream, entry);
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
