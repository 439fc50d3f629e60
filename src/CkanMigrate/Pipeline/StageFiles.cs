using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.Pipeline;

/// <summary>The open files of one stage (see <see cref="StageLayout"/>).</summary>
internal sealed class StageFiles : IAsyncDisposable
{
    private readonly AtomicOutputFile? _output;
    private readonly AtomicOutputFile? _rejects;

    private StageFiles(StageLayout layout)
    {
        Layout = layout;
        Directory.CreateDirectory(layout.Folder);
        Log = RecordLog.Open(layout.LogPath);
        if (layout.Output) _output = AtomicOutputFile.Create(layout.OutputPath, gzip: false, layout.OwnerOnly);
        if (layout.Rejects) _rejects = AtomicOutputFile.Create(layout.RejectsPath, gzip: false, layout.OwnerOnly);
    }

    public static StageFiles Open(StageLayout layout) => new(layout);

    public StageLayout Layout { get; }

    public RecordLog Log { get; }

    public Stream Output => _output?.Stream ?? throw new InvalidOperationException($"{Layout.Name}: this stage has no output");

    public Stream? Rejects => _rejects?.Stream;

    /// <summary>Puts output and rejects in place: the stage finished.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_output is not null) await _output.CommitAsync(ct).ConfigureAwait(false);
        if (_rejects is not null) await _rejects.CommitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_output is not null) await _output.DisposeAsync().ConfigureAwait(false);
        if (_rejects is not null) await _rejects.DisposeAsync().ConfigureAwait(false);
        await Log.DisposeAsync().ConfigureAwait(false);
    }
}
