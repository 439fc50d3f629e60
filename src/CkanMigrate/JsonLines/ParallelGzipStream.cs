using System.IO.Compression;

namespace CkanMigrate.JsonLines;

/// <summary>
/// gzip on every core, as pigz does: the bytes are cut into blocks of <see cref="BlockSize"/>, each
/// block is compressed on its own (one gzip member) by a worker, and the members are written in
/// order. Concatenated members are one valid gzip file (RFC 1952 §2.2; gzip, zcat, Python and
/// .NET read them whole). The cut depends on the byte count only, so the output is the same bytes
/// whatever the number of cores. At most two blocks per core wait at once, so memory stays at a few MB.
/// </summary>
internal sealed class ParallelGzipStream : Stream
{
    /// <summary>
    /// 2 MB: each member starts a fresh deflate state (its tables zeroed) and ends with a header and a
    /// trailer, which smaller blocks pay more often; larger ones gained no more and cost memory
    /// (docs/benchmarks.md, "gzip").
    /// </summary>
    public const int BlockSize = 1 << 21;

    private readonly Stream _inner;
    private readonly int _level;
    private readonly int _degree;
    private readonly Queue<Task<MemoryStream>> _pending = new();
    private byte[] _block = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
    /// <summary>Members written out and ready again (fresh buffers per block would have the kernel zero new pages for each).</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<MemoryStream> _spare = [];
    private int _filled;
    private bool _wroteAny;
    private bool _completed;

    /// <param name="level">zlib's level, 1 (fastest) to 9 (smallest), as gzip -1 … -9</param>
    public ParallelGzipStream(Stream inner, int level = 1, int degree = 0)
    {
        _inner = inner;
        _level = level;
        _degree = degree > 0 ? degree : Environment.ProcessorCount;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_completed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, BlockSize - _filled);
            buffer[..n].CopyTo(_block.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
            if (_filled == BlockSize) Submit();
        }
    }

    /// <summary>Only whole blocks are compressed: a flush keeps the partial one (a member per flush would make the bytes depend on when flushes came).</summary>
    public override void Flush()
    {
    }

    private void Submit()
    {
        var block = _block;
        var length = _filled;
        _block = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
        _filled = 0;
        _wroteAny = true;
        _pending.Enqueue(Task.Run(() => Compress(block, length)));
        while (_pending.Count > 2 * _degree) WriteOldest(); // a block or two queued per core: the writer never waits on one slow block
    }

    /// <summary>A gzip member of no data (header, an empty final deflate block, CRC 0, size 0): .NET writes nothing at all for one.</summary>
    private static readonly byte[] EmptyMember = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private MemoryStream Compress(byte[] block, int length)
    {
        try
        {
            if (length == 0) return new MemoryStream(EmptyMember, writable: false);
            var member = _spare.TryTake(out var spare) ? spare : new MemoryStream(BlockSize / 2);
            member.SetLength(0);
            using (var gzip = new GZipStream(member, new ZLibCompressionOptions { CompressionLevel = _level }, leaveOpen: true))
                gzip.Write(block, 0, length);
            return member;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(block);
        }
    }

    private void WriteOldest()
    {
        var member = _pending.Dequeue().GetAwaiter().GetResult();
        member.Position = 0;
        member.CopyTo(_inner);
        if (member.CanWrite) _spare.Add(member);
    }

    /// <summary>The last block, then every member still pending, in order (an empty input still gives one empty member).</summary>
    private void Complete()
    {
        if (_completed) return;
        if (_filled > 0 || !_wroteAny) Submit();
        while (_pending.Count > 0) WriteOldest();
        _completed = true;
        _inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Complete();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Complete();
        return base.DisposeAsync();
    }
}
