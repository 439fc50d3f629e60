using System.Text;
using System.Text.Json;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Source;

/// <summary>Reads a JSON file into <see cref="SourceNode"/>s with System.Text.Json, working out each token's line and column from its offset.</summary>
internal static class JsonSource
{
    public static SourceNode? Read(string path, byte[] utf8, ProblemList problems)
    {
        var lines = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                problems.Add(path, 1, 1, "(file)", "the file is empty");
                return null;
            }
            var node = ReadNode(ref reader, path, utf8, lines, problems);
            if (reader.Read()) throw new JsonException("more than one value in the file");
            return node;
        }
        catch (JsonException e)
        {
            var (line, column) = e.LineNumber is { } l ? ((int)l + 1, (int)(e.BytePositionInLine ?? 0) + 1) : (1, 1);
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            problems.Add(path, line, column, "(syntax)", cut > 0 ? message[..cut] : message);
            return null;
        }
    }

    private static List<int> LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
            if (utf8[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    private static (int Line, int Column) Position(List<int> lines, byte[] utf8, long offset)
    {
        var index = lines.BinarySearch((int)offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, Encoding.UTF8.GetCharCount(utf8, lines[index], (int)offset - lines[index]) + 1);
    }

    private static SourceNode ReadNode(ref Utf8JsonReader reader, string path, byte[] utf8, List<int> lines, ProblemList problems)
    {
        var (line, column) = Position(lines, utf8, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new SourceNode(SourceKind.Map, path, line, column);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (keyLine, keyColumn) = Position(lines, utf8, reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    reader.Read();
                    var value = ReadNode(ref reader, path, utf8, lines, problems);
                    if (map.Member(key) is not null) problems.Add(path, keyLine, keyColumn, key, "this key is given twice; JSON readers would keep only the last");
                    else map.Members.Add(new(key, value));
                }
                return map;
            case JsonTokenType.StartArray:
                var list = new SourceNode(SourceKind.List, path, line, column);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Items.Add(ReadNode(ref reader, path, utf8, lines, problems));
                return list;
            case JsonTokenType.String:
                return new SourceNode(SourceKind.Scalar, path, line, column) { Scalar = reader.GetString() };
            case JsonTokenType.Number:
                return new SourceNode(SourceKind.Scalar, path, line, column) { Scalar = JsonValues.Number(reader.ValueSpan) };
            case JsonTokenType.True or JsonTokenType.False:
                return new SourceNode(SourceKind.Scalar, path, line, column) { Scalar = reader.TokenType == JsonTokenType.True };
            default:
                return new SourceNode(SourceKind.Scalar, path, line, column);
        }
    }
}
