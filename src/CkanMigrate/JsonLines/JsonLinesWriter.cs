using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.JsonLines;

/// <summary>Writes records in <see cref="JsonLineFormat"/> to a stream, one per line.</summary>
public sealed class JsonLinesWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;

    public JsonLinesWriter(Stream stream)
    {
        _stream = stream;
        _writer = new Utf8JsonWriter(stream, JsonLineFormat.Options);
    }

    public long LinesWritten { get; private set; }

    public void Write(JsonNode record)
    {
        JsonLineFormat.WriteLine(_writer, _stream, record);
        LinesWritten++;
    }

    public void Dispose() => _writer.Dispose();
}
