using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations;
using CkanMigrate.Profiles.Engine;
using CkanMigrate.Profiles.Schema;
using CkanMigrate.Profiles.Scripting;
using CkanMigrate.Profiles.Values;
using CkanMigrate.Entities;

namespace CkanMigrate.Profiles;

/// <summary>
/// One kind's transmute schema as a converter. Fast path: the record is read one level deep (members
/// no rule reads stay as their bytes and are copied out unchanged), transmuted, and written. A
/// validation error, or a rule that cannot apply, rejects the record with its reason; renames
/// noted by cm_note_rename come back as notes. Safe on several threads at once: all per-record
/// state lives in a per-thread scope.
/// </summary>
internal sealed class TransmuteConverter(TransmuteSchema schema, int constants, ScriptFunctions? scripts) : IRawRecordConverter
{
    private sealed class Scratch
    {
        public readonly RecordScope Scope = new();
        public readonly NameCache Names = new();
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    public ConversionResult Convert(JsonObject record)
    {
        using var buffer = new MemoryStream();
        ConversionResult result;
        using (var writer = new Utf8JsonWriter(buffer, JsonLineFormat.Options))
            result = ConvertRaw(JsonSerializer.SerializeToUtf8Bytes(record), writer);
        return result.Outcome == ConversionOutcome.Converted
            ? result with { Record = (JsonObject)JsonNode.Parse(buffer.ToArray())! }
            : result;
    }

    public ConversionResult ConvertRaw(ReadOnlyMemory<byte> json, Utf8JsonWriter writer)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json.Span)) return ConversionResult.Rejected(JsonLineErrors.NotUtf8);
        var scratch = t_scratch ??= new Scratch();
        PyDict record;
        try
        {
            record = JsonValues.ParseRecord(json, scratch.Names, schema.Root.ReadKeys);
        }
        catch (JsonException e)
        {
            return ConversionResult.Rejected(e.Message == "not an object" ? JsonLineErrors.NotAnObject(Kind(json)) : JsonLineErrors.NotJson(e));
        }
        if (!HasKey(record)) return ConversionResult.Rejected(RecordChecks.NoKey);
        var scope = scratch.Scope;
        scope.Start(record, constants);
        scope.Scripts = scripts;
        try
        {
            Transmuter.Run(record, schema.Root, scope);
            JsonValues.Write(writer, record);
            return new ConversionResult(ConversionOutcome.Converted, null, null, scope.Notes.Count > 0 ? [.. scope.Notes] : []);
        }
        catch (RecordRejectedException e)
        {
            return ConversionResult.Rejected(e.Message);
        }
        finally
        {
            scope.End();
        }
    }

    private static JsonValueKind Kind(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, JsonLineFormat.ReaderOptions);
        return reader.Read() ? reader.TokenType switch
        {
            JsonTokenType.StartArray => JsonValueKind.Array,
            JsonTokenType.String => JsonValueKind.String,
            JsonTokenType.Number => JsonValueKind.Number,
            JsonTokenType.True => JsonValueKind.True,
            JsonTokenType.False => JsonValueKind.False,
            _ => JsonValueKind.Null,
        } : JsonValueKind.Undefined;
    }

    /// <summary>The same test as the runner's for tree converters: an id or a name that is not empty.</summary>
    private static bool HasKey(PyDict record) =>
        record.Get("id") is string { Length: > 0 } or long or double or System.Numerics.BigInteger
        || record.Get("name") is string { Length: > 0 } or long or double or System.Numerics.BigInteger;
}
