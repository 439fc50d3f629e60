using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.JsonLines;

/// <summary>One physical line of a JSON Lines file: its 1-based number and its bytes (no line break).</summary>
public sealed class InputLine(string file, long number, ReadOnlyMemory<byte> raw)
{
    public string File { get; } = file;
    public long Number { get; } = number;

    /// <summary>
    /// The line's bytes: a read-only slice of the reader's chunk, never changed after it is handed
    /// out. Holding a line holds its chunk (up to 1 MB): copy the bytes to keep a line for long.
    /// </summary>
    public ReadOnlyMemory<byte> Raw { get; } = raw;

    public bool IsBlank => Raw.Span.Trim(" \t\r"u8).IsEmpty;

    /// <summary>Writes the line as it was read, with its line break (kept lines, rejects files).</summary>
    public void CopyTo(Stream stream)
    {
        stream.Write(Raw.Span);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>"datasets.jsonl line 12", the prefix of every message about this line.</summary>
    public string Where => $"{Path.GetFileName(File)} line {Number}";

    /// <summary>Parses the line as one JSON object, or says in one sentence why it is not one.</summary>
    public bool TryParseObject(out JsonObject? record, out string? error)
    {
        record = null;
        // Checked up front: the parsed tree decodes strings lazily and would fail later, far from the line.
        if (!System.Text.Unicode.Utf8.IsValid(Raw.Span))
        {
            error = JsonLineErrors.NotUtf8;
            return false;
        }
        try
        {
            var node = JsonNode.Parse(Raw.Span, documentOptions: JsonLineFormat.DocumentOptions);
            if (node is JsonObject obj)
            {
                record = obj;
                error = null;
                return true;
            }
            error = JsonLineErrors.NotAnObject(node?.GetValueKind() ?? JsonValueKind.Null);
            return false;
        }
        catch (JsonException e)
        {
            error = JsonLineErrors.NotJson(e);
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.DecoderFallbackException)
        {
            error = JsonLineErrors.NotUtf8Json(e);
            return false;
        }
    }
}
