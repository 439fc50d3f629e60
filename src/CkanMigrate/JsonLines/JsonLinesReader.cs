using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Streams the lines of a JSON Lines file, plain or gzip (recognised by its first two bytes, not its
/// name). A UTF-8 BOM and CR before LF are dropped; lines of any length are read whole. Memory holds
/// one line at a time. A damaged gzip stream ends the read with an <see cref="InvalidDataException"/>
/// that names the file and the last good line.
/// </summary>
public static class JsonLinesReader
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Whether the file starts with the gzip magic bytes 1f 8b.</summary>
    public static bool IsGzip(string path)
    {
        using var probe = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        return probe.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    public static async IAsyncEnumerable<InputLine> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        var gzip = IsGzip(path);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        await foreach (var line in ReadAsync(stream, path, cancellationToken, gzip ? total => CheckGzipTrailer(path, total) : null).ConfigureAwait(false))
            yield return line;
    }

    /// <summary>
    /// .NET's GZipStream ends quietly on a truncated file, so the end is checked against the gzip
    /// trailer: its last four bytes hold the uncompressed size (mod 2^32). A mismatch means the file
    /// was cut short or damaged. (A file of several concatenated gzip members fails this check.)
    /// </summary>
    private static string? CheckGzipTrailer(string path, long uncompressed)
    {
        using var file = File.OpenRead(path);
        if (file.Length < 18) return "too short to be gzip";
        file.Seek(-4, SeekOrigin.End);
        Span<byte> trailer = stackalloc byte[4];
        file.ReadExactly(trailer);
        var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return size == (uint)uncompressed ? null : "truncated or damaged: the uncompressed size does not match the gzip trailer";
    }

    public static async IAsyncEnumerable<InputLine> ReadAsync(Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default,
        Func<long, string?>? checkEnd = null)
    {
        long total = 0;
        var chunk = new byte[ChunkSize];
        var pending = new byte[ChunkSize];
        var pendingLength = 0;
        long number = 0;
        var first = true;
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException && e is not FileNotFoundException)
            {
                throw new InvalidDataException($"{Path.GetFileName(name)}: the gzip data is damaged after line {number} ({e.Message})", e);
            }
            if (read == 0) break;
            total += read;
            var start = 0;
            while (true)
            {
                var end = chunk.AsSpan(start, read - start).IndexOf((byte)'\n');
                if (end < 0) break;
                InputLine line;
                if (pendingLength == 0)
                {
                    line = Take(chunk.AsSpan(start, end), name, ++number, ref first);
                }
                else
                {
                    Append(ref pending, ref pendingLength, chunk.AsSpan(start, end));
                    line = Take(pending.AsSpan(0, pendingLength), name, ++number, ref first);
                    pendingLength = 0;
                }
                start += end + 1;
                yield return line;
            }
            Append(ref pending, ref pendingLength, chunk.AsSpan(start, read - start));
        }
        // Checked before the last, unterminated line is handed on: a cut-off file must not pass off its torn tail as a record.
        if (checkEnd?.Invoke(total) is { } damage)
            throw new InvalidDataException($"{Path.GetFileName(name)}: the gzip data is damaged after line {number} ({damage})");
        if (pendingLength > 0) yield return Take(pending.AsSpan(0, pendingLength), name, ++number, ref first);
    }

    /// <summary>Keeps the unfinished end of a chunk; the buffer grows for long lines and is reused after.</summary>
    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (length + bytes.Length > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes.Length));
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private static InputLine Take(ReadOnlySpan<byte> span, string name, long number, ref bool first)
    {
        var from = 0;
        if (first && span.StartsWith("\uFEFF"u8)) from = 3;
        first = false;
        var to = span.Length;
        if (to > from && span[to - 1] == (byte)'\r') to--;
        // Not zeroed first: every byte is overwritten at once (a 200 KB record would otherwise be cleared for nothing).
        var raw = GC.AllocateUninitializedArray<byte>(to - from);
        span[from..to].CopyTo(raw);
        return new InputLine(name, number, raw);
    }
}
