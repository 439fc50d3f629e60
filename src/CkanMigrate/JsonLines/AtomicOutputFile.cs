namespace CkanMigrate.JsonLines;

/// <summary>
/// An output file that appears under its name only when complete: bytes go to a hidden temp file in
/// the same folder, renamed over the target on <see cref="CommitAsync"/>. Disposing without commit
/// deletes the temp file, so a failed or interrupted run never leaves a half-written file behind.
/// Files that may hold personal data are created owner-only (0600) from the first byte.
/// </summary>
internal sealed class AtomicOutputFile : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly FlushBehindStream _flushBehind;
    private readonly Stream? _gzip;
    private bool _committed;

    private AtomicOutputFile(string path, string tempPath, FileStream file, bool gzip, int gzipLevel, int threads)
    {
        FinalPath = path;
        TempPath = tempPath;
        _file = file;
        _flushBehind = new FlushBehindStream(file);
        _gzip = gzip ? new ParallelGzipStream(_flushBehind, gzipLevel, threads) : null;
        Stream = new BufferedStream(_gzip ?? (Stream)_flushBehind, 1 << 20);
    }

    public string FinalPath { get; }
    public string TempPath { get; }

    /// <summary>Where to write (already gzip-wrapped when asked).</summary>
    public Stream Stream { get; }

    /// <param name="gzipLevel">1 (fastest, the default) to 9 (smallest)</param>
    /// <param name="threads">cores compressing at once (0: all of them)</param>
    public static AtomicOutputFile Create(string path, bool gzip, bool ownerOnly, int gzipLevel = 1, int threads = 0)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.None,
        };
        if (ownerOnly && !OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new AtomicOutputFile(full, temp, new FileStream(temp, options), gzip, gzipLevel, threads);
    }

    /// <summary>Whether a name asks for gzip (<c>.gz</c>).</summary>
    public static bool WantsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_gzip is not null) await _gzip.DisposeAsync().ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _flushBehind.WaitAsync().ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(TempPath, FinalPath, overwrite: true);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_committed) return;
        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The disk may be full; the temp file goes regardless.
        }
        try { await _flushBehind.WaitAsync().ConfigureAwait(false); } catch (IOException) { }
        await _file.DisposeAsync().ConfigureAwait(false);
        try { File.Delete(TempPath); } catch (IOException) { }
    }
}
