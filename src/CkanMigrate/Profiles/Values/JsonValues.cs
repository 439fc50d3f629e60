using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Profiles.Values;

/// <summary>
/// JSON bytes to transmute's values and back. An object is read one level deep (its members stay raw
/// until read); an array is read whole, its objects one level deep. Numbers follow Python's json
/// module: a number with a fraction or an exponent is a float, any other an int of any size.
/// </summary>
internal static class JsonValues
{

    public static object? Parse(ReadOnlyMemory<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8.Span, JsonLineFormat.ReaderOptions);
        reader.Read();
        return Read(ref reader, utf8, null);
    }

    /// <summary>
    /// A whole record, shallow: each member's bytes kept for later, but for the members the schema
    /// is known to read (<paramref name="eager"/>), read in the same pass rather than walked twice.
    /// </summary>
    public static PyDict ParseRecord(ReadOnlyMemory<byte> utf8, NameCache? names, IReadOnlySet<string>? eager = null)
    {
        var reader = new Utf8JsonReader(utf8.Span, JsonLineFormat.ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not an object");
        var record = ReadObject(ref reader, utf8, names, eager);
        if (reader.Read()) throw new JsonException("more than one value on the line");
        return record;
    }

    private static object? Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> utf8, NameCache? names)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, utf8, names);
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(Read(ref reader, utf8, names));
                return list;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Number(reader.ValueSpan);
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                return null;
        }
    }

    private static PyDict ReadObject(ref Utf8JsonReader reader, ReadOnlyMemory<byte> utf8, NameCache? names, IReadOnlySet<string>? eager = null)
    {
        var dict = new PyDict();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = names is not null ? names.Get(ref reader) : reader.GetString()!;
            reader.Read();
            object? value;
            if (eager is not null && eager.Contains(key))
            {
                dict.Set(key, Read(ref reader, utf8, names));
                continue;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    value = new RawJson(utf8[start..((int)reader.TokenStartIndex + 1)]);
                    break;
                case JsonTokenType.String or JsonTokenType.Number:
                    // Text and numbers are decoded only if a rule reads them; unread, they are copied out as they came.
                    var from = (int)reader.TokenStartIndex;
                    value = new RawJson(utf8[from..(from + reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0))]);
                    break;
                default:
                    value = Read(ref reader, utf8, names);
                    break;
            }
            dict.Set(key, value); // a repeated key keeps its first place and its last value, as json.loads
        }
        return dict;
    }

    public static object Number(ReadOnlySpan<byte> text)
    {
        if (text.IndexOfAny("."u8) >= 0 || text.IndexOfAny("eE"u8) >= 0)
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small)) return small;
        return BigInteger.Parse(System.Text.Encoding.ASCII.GetString(text), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a value as CKAN's API would: dates with isoformat(), floats as Python writes them.</summary>
    /// <summary>Keys already escaped and encoded, per thread: records repeat the same few hundred keys.</summary>
    [ThreadStatic]
    private static Dictionary<string, JsonEncodedText>? t_keys;

    private const int MaxKeys = 4096;

    private static void WriteKey(Utf8JsonWriter writer, string key)
    {
        var keys = t_keys ??= new Dictionary<string, JsonEncodedText>(StringComparer.Ordinal);
        if (!keys.TryGetValue(key, out var encoded))
        {
            encoded = JsonEncodedText.Encode(key, JsonLineFormat.Options.Encoder);
            if (keys.Count < MaxKeys) keys[key] = encoded;
        }
        writer.WritePropertyName(encoded);
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case RawJson raw: writer.WriteRawValue(raw.Utf8.Span, skipInputValidation: true); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case BigInteger big: writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture), skipInputValidation: true); break;
            case double d:
                if (!double.IsFinite(d)) throw new Engine.RecordRejectedException($"the number {Py.Str(d)} cannot be written as JSON");
                writer.WriteRawValue(Py.FloatRepr(d), skipInputValidation: true);
                break;
            case PyDate date: writer.WriteStringValue(date.IsoFormat()); break;
            case PyDict dict:
                writer.WriteStartObject();
                for (var i = 0; i < dict.Count; i++)
                {
                    WriteKey(writer, dict.KeyAt(i));
                    Write(writer, dict.StoredAt(i));
                }
                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"not a JSON value: {value.GetType().Name}");
        }
    }

    public static string ToJson(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonLineFormat.Options)) Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A fresh copy of a value, containers copied all the way down (a schema's constants for each record).</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        PyDict dict => CopyDict(dict),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };

    private static PyDict CopyDict(PyDict dict)
    {
        var copy = new PyDict(dict.Count);
        for (var i = 0; i < dict.Count; i++) copy.Set(dict.KeyAt(i), DeepCopy(dict.ValueAt(i)));
        return copy;
    }
}
