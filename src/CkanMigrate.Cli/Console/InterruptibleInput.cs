namespace CkanMigrate.Cli.Console;

/// <summary>
/// Standard input that Ctrl-C (or SIGTERM) can interrupt. .NET reads a terminal or a pipe with a
/// blocking read that no cancellation token reaches, so a load waiting for the next typed line
/// ignored Ctrl-C until Ctrl-D. Here each read runs on a pool thread while the caller awaits it or
/// the stop, whichever comes first; a read left waiting at a stop ends with the process. Reads go
/// through a buffer of this stream's own, so an abandoned read never writes into the caller's memory.
/// </summary>
internal sealed class InterruptibleInput(Stream inner) : Stream
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _offset;
    private int _count;
    private Task<int>? _pending;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        if (_count == 0)
        {
            // A read abandoned at a stop is still the one to wait for: its bytes come first.
            _pending ??= Task.Run(() => inner.Read(_buffer, 0, _buffer.Length), CancellationToken.None);
            var read = await _pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            _pending = null;
            if (read == 0) return 0;
            (_offset, _count) = (0, read);
        }
        var taken = Math.Min(_count, buffer.Length);
        _buffer.AsSpan(_offset, taken).CopyTo(buffer.Span);
        _offset += taken;
        _count -= taken;
        return taken;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // A read still waiting keeps the inner stream: it ends with the process, not under the reader.
        if (disposing && _pending is null) inner.Dispose();
        base.Dispose(disposing);
    }
}
