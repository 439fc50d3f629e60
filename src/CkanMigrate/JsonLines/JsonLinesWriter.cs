using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Writes records in <see cref="JsonLineFormat"/> to a stream, one per line. Each line is made in a
/// reused buffer and handed to the stream as one write, with no flush: a Utf8JsonWriter on the
/// stream itself flushes the stream after every line, which on a file is a system call per record.
/// The caller flushes the stream when done.
/// </summary>
internal sealed class JsonLinesWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _line = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly SortedElementWriter _elements = new();
    private readonly Action<Utf8JsonWriter, JsonElement> _writeElement;

    public JsonLinesWriter(Stream stream)
    {
        _stream = stream;
        _writer = new Utf8JsonWriter(_line, JsonLineFormat.Options);
        _writeElement = _elements.Write;
    }

    public long LinesWritten { get; private set; }

    public void Write(JsonNode record) => Write(record, static (writer, node) => JsonLineFormat.WriteSorted(writer, node));

    /// <summary>The same line for a record still in its parsed document (no node tree built).</summary>
    public void Write(JsonElement record) => Write(record, _writeElement);

    /// <summary>A line the caller writes itself (keys in sorted order, as every line here): for small records written by the hundred thousand.</summary>
    public void Write<T>(T record, Action<Utf8JsonWriter, T> write)
    {
        _line.ResetWrittenCount();
        _writer.Reset();
        write(_writer, record);
        _writer.Flush();
        _line.Write("\n"u8);
        _stream.Write(_line.WrittenSpan);
        LinesWritten++;
    }

    public void Dispose() => _writer.Dispose();
}
