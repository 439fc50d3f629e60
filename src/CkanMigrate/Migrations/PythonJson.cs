using System.Globalization;
using System.Text;
using System.Text.Json;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Migrations;

/// <summary>
/// Serialises JSON the way Python 2's <c>json.dumps</c> does with default settings, because the
/// data.gov.uk scripts stored such strings as extra values (spec/dgu-migration.md §1, §6 step 6):
/// <c>", "</c> and <c>": "</c> separators, every character outside space…<c>~</c> escaped as
/// <c>\uxxxx</c> with lower-case hex (astral characters as surrogate pairs), the short escapes
/// <c>\n \r \t \b \f \" \\</c>, and nothing else escaped. Numbers keep their source text.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JsonElement element) => Dumps(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));

    /// <summary>The same from a value's UTF-8 JSON text, read token by token (no document is built).</summary>
    public static string Dumps(ReadOnlySpan<byte> json)
    {
        var text = new StringBuilder(json.Length + json.Length / 8);
        var reader = new Utf8JsonReader(json, JsonLineFormat.ReaderOptions);
        var afterValue = false; // a value just ended, so the next item in its container needs ", "
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (afterValue && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray)) text.Append(", ");
            switch (token)
            {
                case JsonTokenType.StartObject: text.Append('{'); break;
                case JsonTokenType.EndObject: text.Append('}'); break;
                case JsonTokenType.StartArray: text.Append('['); break;
                case JsonTokenType.EndArray: text.Append(']'); break;
                case JsonTokenType.PropertyName:
                    WriteString(text, reader.GetString()!);
                    text.Append(": ");
                    break;
                case JsonTokenType.String: WriteString(text, reader.GetString()!); break;
                case JsonTokenType.Number: text.Append(Encoding.UTF8.GetString(reader.ValueSpan)); break; // as written in the source
                case JsonTokenType.True: text.Append("true"); break;
                case JsonTokenType.False: text.Append("false"); break;
                default: text.Append("null"); break;
            }
            afterValue = token is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
        }
        return text.ToString();
    }

    /// <summary>Printable ASCII but the quote and the backslash: copied as they are, a run at a time.</summary>
    private static readonly System.Buffers.SearchValues<char> Plain = System.Buffers.SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static void WriteString(StringBuilder text, string s)
    {
        text.Append('"');
        var rest = s.AsSpan();
        while (!rest.IsEmpty)
        {
            var run = rest.IndexOfAnyExcept(Plain);
            if (run < 0)
            {
                text.Append(rest);
                break;
            }
            text.Append(rest[..run]);
            var c = rest[run];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default: text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
            rest = rest[(run + 1)..];
        }
        text.Append('"');
    }
}
