using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.JsonLines;

/// <summary>
/// The line format shared with <c>ckanapi dump</c>: one compact JSON object per line, keys sorted at
/// every depth, non-ASCII written as UTF-8 rather than escaped. Sorting makes output independent of
/// the order a server happened to emit keys in, so the same records always give the same bytes.
/// </summary>
internal static class JsonLineFormat
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static JsonWriterOptions Options => WriterOptions;

    /// <summary>How deeply a record may nest when read: beyond System.Text.Json's default of 64, so an unusually nested record is still read.</summary>
    public const int MaxDepth = 256;

    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = MaxDepth };

    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = MaxDepth };

    /// <summary>Writes one record as a single line (with its trailing <c>\n</c>).</summary>
    public static void WriteLine(Utf8JsonWriter writer, Stream stream, JsonNode record)
    {
        writer.Reset(stream);
        WriteSorted(writer, record);
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes one record as a single line keeping its keys in their order (converted records).</summary>
    public static void WriteLineInOrder(Utf8JsonWriter writer, Stream stream, JsonNode record)
    {
        writer.Reset(stream);
        record.WriteTo(writer);
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    public static byte[] ToLineBytes(JsonNode record)
    {
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        WriteLine(writer, buffer, record);
        return buffer.ToArray();
    }

    public static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
