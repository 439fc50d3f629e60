using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Streams the lines of a JSON Lines file, plain or gzip (recognised by its first two bytes, not its
/// name). A UTF-8 BOM and CR before LF are dropped; lines of any length are read whole. Memory holds
/// the 1 MB chunks that lines still in use point into (one, when lines are used one at a time). A
/// damaged gzip stream ends the read with an <see cref="InvalidDataException"/> that names the file
/// and the last good line.
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

    public static IAsyncEnumerable<InputLine> ReadAsync(string path, CancellationToken cancellationToken = default) => ReadAsync(path, listsAllowed: false, cancellationToken);

    /// <param name="listsAllowed">lines are JSON lists (a DataStore rows file), so a first line opening a list is no sign of one JSON document</param>
    public static async IAsyncEnumerable<InputLine> ReadAsync(string path, bool listsAllowed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        var gzip = IsGzip(path);
        // Plain lines are read straight into 1 MB chunks; gzip asks for 8 KB at a time, so its file is
        // buffered (else one read from the OS for every 8 KB).
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, gzip ? 1 << 18 : 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        await foreach (var line in ReadAsync(stream, path, cancellationToken, gzip ? total => GzipEnd.Check(path, total) : null, listsAllowed).ConfigureAwait(false))
            yield return line;
    }

    /// <summary>
    /// Lines from a stream that may be gzip (stdin: <c>zcat</c> is not needed), told by its first two
    /// bytes, which are looked at without being consumed. A truncated gzip stream cannot be told
    /// from a whole one here (no trailer to compare with the file's end): give a file for that check.
    /// </summary>
    public static async IAsyncEnumerable<InputLine> ReadDetectingGzipAsync(Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pipe = System.IO.Pipelines.PipeReader.Create(stream);
        var peek = await pipe.ReadAtLeastAsync(2, cancellationToken).ConfigureAwait(false);
        var magic = System.Buffers.BuffersExtensions.ToArray(peek.Buffer.Slice(0, Math.Min(2, peek.Buffer.Length)));
        pipe.AdvanceTo(peek.Buffer.Start); // nothing consumed: the reader below sees these bytes again
        await using var raw = pipe.AsStream();
        await using var decoded = magic is [0x1f, 0x8b] ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        await foreach (var line in ReadAsync(decoded, name, cancellationToken).ConfigureAwait(false))
            yield return line;
    }

    public static async IAsyncEnumerable<InputLine> ReadAsync(Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default,
        Func<long, string?>? checkEnd = null, bool listsAllowed = false)
    {
        // Lines are handed out as slices of the chunk they were read into, not copies: a chunk is
        // never written again once lines point into it, and the GC frees it when the last goes.
        // Bytes [start, fill) are the line still being read; only they move when a chunk fills up.
        long total = 0;
        var chunk = GC.AllocateUninitializedArray<byte>(ChunkSize);
        int start = 0, fill = 0;
        long number = 0;
        var first = true;
        var sawRecord = listsAllowed;
        while (true)
        {
            if (fill == chunk.Length)
            {
                var next = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkSize, 2 * (fill - start)));
                chunk.AsSpan(start, fill - start).CopyTo(next);
                (chunk, fill, start) = (next, fill - start, 0);
            }
            int read;
            try
            {
                read = await stream.ReadAsync(chunk.AsMemory(fill), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException && e is not FileNotFoundException)
            {
                throw new InvalidDataException($"{Path.GetFileName(name)}: the gzip data is damaged after line {number} ({e.Message})", e);
            }
            if (read == 0) break;
            total += read;
            var scan = fill;
            fill += read;
            int newline;
            while ((newline = chunk.AsSpan(scan, fill - scan).IndexOf((byte)'\n')) >= 0)
            {
                var end = scan + newline;
                var line = Take(chunk.AsMemory(start, end - start), name, ++number, ref first);
                start = scan = end + 1;
                if (!sawRecord && !line.IsBlank) sawRecord = NotOneArray(line);
                yield return line;
            }
        }
        // Checked before the last, unterminated line is handed on: a cut-off file must not pass off its torn tail as a record.
        if (checkEnd?.Invoke(total) is { } damage)
            throw new InvalidDataException($"{Path.GetFileName(name)}: the gzip data is damaged after line {number} ({damage})");
        if (fill > start)
        {
            var last = Take(chunk.AsMemory(start, fill - start), name, ++number, ref first);
            if (!sawRecord && !last.IsBlank) NotOneArray(last);
            yield return last;
        }
    }

    /// <summary>
    /// A file whose first line opens a JSON array is one JSON document (an API answer saved whole,
    /// or pretty-printed), not JSON Lines: every line would be rejected, so it is refused at once.
    /// </summary>
    private static bool NotOneArray(InputLine line)
    {
        if (line.Raw.Span.TrimStart(" \t\r"u8) is [(byte)'[', ..])
            throw new InvalidDataException($"{Path.GetFileName(line.File)}: line {line.Number} opens a JSON array: this file is one JSON document, not JSON Lines (one record per line). Turn it into lines first, e.g. jq -c '.[]' {Path.GetFileName(line.File)} > records.jsonl");
        return true;
    }

    private static InputLine Take(ReadOnlyMemory<byte> bytes, string name, long number, ref bool first)
    {
        var span = bytes.Span;
        var from = 0;
        if (first && span.StartsWith("\uFEFF"u8)) from = 3;
        first = false;
        var to = span.Length;
        if (to > from && span[to - 1] == (byte)'\r') to--;
        return new InputLine(name, number, bytes[from..to]);
    }
}
