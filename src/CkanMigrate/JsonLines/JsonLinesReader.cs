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
    private const int ChunkSize = 1 << 16;

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
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        await foreach (var line in ReadAsync(stream, path, cancellationToken).ConfigureAwait(false))
            yield return line;
    }

    public static async IAsyncEnumerable<InputLine> ReadAsync(Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunk = new byte[ChunkSize];
        var pending = new MemoryStream();
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
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (chunk[i] != (byte)'\n') continue;
                pending.Write(chunk, start, i - start);
                start = i + 1;
                yield return Take(pending, name, ++number, ref first);
            }
            pending.Write(chunk, start, read - start);
        }
        if (pending.Length > 0) yield return Take(pending, name, ++number, ref first);
    }

    private static InputLine Take(MemoryStream pending, string name, long number, ref bool first)
    {
        var bytes = pending.ToArray();
        pending.SetLength(0);
        var span = bytes.AsSpan();
        var from = 0;
        if (first && span.StartsWith("\uFEFF"u8)) from = 3;
        first = false;
        var to = span.Length;
        if (to > from && span[to - 1] == (byte)'\r') to--;
        return new InputLine(name, number, from == 0 && to == span.Length ? bytes : span[from..to].ToArray());
    }
}
