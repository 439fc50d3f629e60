using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>
/// How PostgreSQL, through ckanext-datastore, takes and gives back values of each column type
/// (recorded on 2.10): "int" is stored as int4; numeric keeps its text but is shown as a JSON
/// number ("20.10" → 20.1); a timestamp loses its zone without conversion; json keeps any JSON
/// value; arrays (_text, _int4 …) take JSON lists. A value a type refuses fails the whole batch.
/// </summary>
internal static partial class DataStoreValues
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = "int4", ["integer"] = "int4", ["int4"] = "int4", ["bigint"] = "int8", ["int8"] = "int8", ["smallint"] = "int2", ["int2"] = "int2",
        ["text"] = "text", ["varchar"] = "text", ["numeric"] = "numeric", ["float"] = "float8", ["float8"] = "float8", ["double precision"] = "float8",
        ["float4"] = "float4", ["real"] = "float4", ["bool"] = "bool", ["boolean"] = "bool", ["timestamp"] = "timestamp", ["date"] = "date",
        ["time"] = "time", ["json"] = "json",
    };

    /// <summary>The type as the table reports it, or null for one PostgreSQL does not have.</summary>
    public static string? StoredType(string declared)
    {
        var t = declared.Trim();
        if (t.EndsWith("[]", StringComparison.Ordinal)) return StoredType(t[..^2]) is { } b && !b.StartsWith('_') ? "_" + b : null;
        if (t.StartsWith('_')) return StoredType(t[1..]) is { } inner && !inner.StartsWith('_') ? "_" + inner : null;
        return Aliases.GetValueOrDefault(t);
    }

    public static string NativeType(string type) => type switch
    {
        "int4" => "integer", "int8" => "bigint", "int2" => "smallint", "float8" => "double precision", "float4" => "real", "bool" => "boolean",
        "timestamp" => "timestamp without time zone", "json" => "nested", _ when type.StartsWith('_') => NativeType(type[1..]) + "[]", _ => type,
    };

    public static JsonNode? Stored(JsonNode? value, string type)
    {
        if (value is null) return null;
        if (type.StartsWith('_'))
            return value is JsonArray items ? new JsonArray(items.Select(i => Stored(i, type[1..])).ToArray()) : throw Invalid($"malformed array literal: \"{Text(value)}\"");
        var text = Text(value);
        switch (type)
        {
            case "int4" or "int8" or "int2":
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : throw Invalid($"invalid input syntax for type integer: \"{text}\"");
            case "numeric":
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? JsonValue.Create(text) : throw Invalid($"invalid input syntax for type numeric: \"{text}\"");
            case "float8" or "float4":
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : throw Invalid($"invalid input syntax for type double precision: \"{text}\"");
            case "bool":
                return text.ToLowerInvariant() switch
                {
                    "true" or "t" or "1" or "yes" => JsonValue.Create(true),
                    "false" or "f" or "0" or "no" => JsonValue.Create(false),
                    _ => throw Invalid($"invalid input syntax for type boolean: \"{text}\""),
                };
            case "timestamp":
                var trimmed = text.Trim();
                var local = (trimmed.Length > 10 ? Zone().Replace(trimmed, "") : trimmed).Replace(' ', 'T');
                return DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                    ? JsonValue.Create(t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture))
                    : throw Invalid($"invalid input syntax for type timestamp: \"{text}\"");
            case "json":
                return value.DeepClone();
            default:
                return JsonValue.Create(text);
        }
    }

    /// <summary>A stored value as datastore_search gives it back.</summary>
    public static JsonNode? Shown(JsonNode? stored, DataStoreTable table, string column)
    {
        if (stored is null || column == "_id") return stored?.DeepClone();
        var type = table.TypeOf(column);
        if (type == "numeric") return JsonValue.Create(decimal.Parse(stored.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture) / 1.000000000000000000000000000000000m);
        if (type == "_numeric" && stored is JsonArray list)
            return new JsonArray(list.Select(i => i is null ? null : (JsonNode)JsonValue.Create(decimal.Parse(i.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture) / 1.000000000000000000000000000000000m)).ToArray());
        return stored.DeepClone();
    }

    /// <summary>
    /// records_format=csv: one string, no header row, a line per row (LF). Values are PostgreSQL's
    /// text: numeric keeps the scale it was written with ("20.10"), json is Python's json.dumps
    /// (", " and ": ", ASCII only) and a null json is "null"; other nulls are empty. Python's csv
    /// quoting: a value with a comma, quote or line break is quoted, quotes doubled.
    /// </summary>
    public static JsonNode Csv(IEnumerable<JsonObject> rows, IReadOnlyList<string> columns, DataStoreTable table)
    {
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', columns.Select(c => Quoted(CsvValue(row[c], c == "_id" ? "int4" : table.TypeOf(c)))));
            text.Append('\n');
        }
        return JsonValue.Create(text.ToString());
    }

    private static string CsvValue(JsonNode? value, string type) => value switch
    {
        null => type == "json" ? "null" : "",
        _ when type == "json" => PythonJson(value),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonArray items => "{" + string.Join(",", items.Select(i => CsvValue(i, type[1..]))) + "}",
        _ => Text(value),
    };

    private static string PythonJson(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(", ", o.Select(p => PythonString(p.Key) + ": " + PythonJson(p.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(PythonJson)) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => PythonString(s),
        _ => node.ToJsonString(),
    };

    private static string PythonString(string s) =>
        "\"" + string.Concat(s.Select(c => c switch
        {
            '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
            _ when c < ' ' || c > '~' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        })) + "\"";

    private static string Quoted(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>PostgreSQL's order: numbers by value, text by code point, NULL above everything (last ascending, first descending).</summary>
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : 1) : -1;
        if (a is JsonValue x && b is JsonValue y && decimal.TryParse(x.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
            && decimal.TryParse(y.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dy))
            return dx.CompareTo(dy);
        return string.CompareOrdinal(a.ToString(), b.ToString());
    }

    private static string Text(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    private static CkanActionException Invalid(string message) => CkanActionException.Validation("records", message);

    [GeneratedRegex(@"(Z|[+-]\d\d(:?\d\d)?)$")]
    private static partial Regex Zone();
}
