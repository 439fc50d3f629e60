using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.JsonLines;

/// <summary>One physical line of a JSON Lines file: its 1-based number and its bytes (no line break).</summary>
public sealed class InputLine(string file, long number, byte[] raw)
{
    public string File { get; } = file;
    public long Number { get; } = number;
    public byte[] Raw { get; } = raw;

    public bool IsBlank => Raw.AsSpan().Trim(" \t\r"u8).IsEmpty;

    /// <summary>Writes the line as it was read, with its line break (kept lines, rejects files).</summary>
    public void CopyTo(Stream stream)
    {
        stream.Write(Raw);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>"datasets.jsonl line 12", the prefix of every message about this line.</summary>
    public string Where => $"{Path.GetFileName(File)} line {Number}";

    /// <summary>Parses the line as one JSON object, or says in one sentence why it is not one.</summary>
    public bool TryParseObject(out JsonObject? record, out string? error)
    {
        record = null;
        // Checked up front: the parsed tree decodes strings lazily and would fail later, far from the line.
        if (!System.Text.Unicode.Utf8.IsValid(Raw))
        {
            error = "not valid UTF-8 (is the file in another encoding, such as Latin-1?)";
            return false;
        }
        try
        {
            var node = JsonNode.Parse(Raw, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            if (node is JsonObject obj)
            {
                record = obj;
                error = null;
                return true;
            }
            error = node switch
            {
                JsonArray => "a JSON array, not an object (one record per line is expected)",
                null => "null, not an object",
                _ => $"a JSON {node.GetValueKind().ToString().ToLowerInvariant()}, not an object",
            };
            return false;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON ({Shorten(e.Message)})";
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.DecoderFallbackException)
        {
            error = $"not valid UTF-8 JSON ({Shorten(e.Message)})";
            return false;
        }
    }

    /// <summary>Like <see cref="TryParseObject"/>, as a read-only document (the fast path of conversions); the caller disposes it.</summary>
    public bool TryParseDocument(out JsonDocument? document, out string? error)
    {
        document = null;
        if (!System.Text.Unicode.Utf8.IsValid(Raw))
        {
            error = "not valid UTF-8 (is the file in another encoding, such as Latin-1?)";
            return false;
        }
        try
        {
            document = JsonDocument.Parse(Raw, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            error = $"not valid JSON ({Shorten(e.Message)})";
            return false;
        }
        var kind = document.RootElement.ValueKind;
        if (kind == JsonValueKind.Object)
        {
            error = null;
            return true;
        }
        document.Dispose();
        document = null;
        error = kind switch
        {
            JsonValueKind.Array => "a JSON array, not an object (one record per line is expected)",
            JsonValueKind.Null => "null, not an object",
            _ => $"a JSON {kind.ToString().ToLowerInvariant()}, not an object",
        };
        return false;
    }

    private static string Shorten(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.Length > 160 ? text[..160] + "…" : text;
    }
}
