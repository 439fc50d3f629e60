namespace CkanMigrate.JsonLines;

/// <summary>
/// Writes straight to a file and, every <see cref="Interval"/> bytes, asks the OS in the background
/// to put what is written so far on disk. The final fsync of a multi-gigabyte output then has
/// little left to wait for: the disk works while the conversion goes on instead of after it.
/// A failed background flush is raised by <see cref="WaitAsync"/> (called before the final fsync).
/// </summary>
internal sealed class FlushBehindStream(FileStream file, long interval = FlushBehindStream.Interval) : Stream
{
    public const long Interval = 128L << 20;

    private long _sinceFlush;
    private Task _flushing = Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => file.CanWrite; // false once the file is closed, so wrappers do not flush into it
    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        Written(buffer.Length);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Written(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Written(int count)
    {
        _sinceFlush += count;
        if (_sinceFlush < interval || !_flushing.IsCompleted) return;
        _flushing.GetAwaiter().GetResult(); // raises a failure of the previous flush here, not silently later
        _sinceFlush = 0;
        FlushesStarted++;
        _flushing = Task.Run(() => RandomAccess.FlushToDisk(file.SafeFileHandle));
    }

    public int FlushesStarted { get; private set; }

    /// <summary>Waits for a background flush still running, raising its failure if it failed.</summary>
    public Task WaitAsync() => _flushing;

    public override void Flush() => file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
