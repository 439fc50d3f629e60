using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// A legacy (ckanext-dgu) dataset to the new (ckanext-datagovuk) schema: spec/dgu-migration.md §6,
/// step for step, with bugs D1–D4 of §14 fixed on purpose (see docs/dgu-profile.md). A record the
/// original would have crashed on is rejected with a reason instead of aborting the run.
/// It streams: keys it does not touch (most of a record, resources included) are copied as raw
/// JSON, so a record is never built as a tree.
/// </summary>
public sealed class DguDatasetConverter : IRawRecordConverter
{
    public const string PrimaryThemeNotMapped = "Primary theme mapping not possible";
    public const string Migrated = "Migrated dataset";

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "tags", "num_tags", "schema", // step 2 (D1: a missing one is fine), step 5
        "individual_resources", "additional_resources", "timeseries_resources", // step 1
    };

    /// <summary>The tree form, for callers holding a JsonObject; the same code as the fast path.</summary>
    public ConversionResult Convert(JsonObject record)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(record));
        using var buffer = new MemoryStream();
        ConversionResult result;
        using (var writer = new Utf8JsonWriter(buffer))
            result = ConvertRaw(document.RootElement, writer);
        return result.Outcome == ConversionOutcome.Converted
            ? result with { Record = (JsonObject)JsonNode.Parse(buffer.ToArray())! }
            : result;
    }

    public ConversionResult ConvertRaw(JsonElement d, Utf8JsonWriter w)
    {
        // Checks first: a record that cannot be converted must leave nothing behind.
        if (Reject(d) is { } reason) return ConversionResult.Rejected(reason);
        var notes = new List<(string, string)>();
        var moved = DguTables.MovedToExtras.Where(k => d.TryGetProperty(k, out _)).ToList();
        var sawTheme = false;
        var sawExtras = false;

        w.WriteStartObject();
        foreach (var p in d.EnumerateObject())
        {
            var name = p.Name;
            if (Dropped.Contains(name) || moved.Contains(name)) continue; // steps 1, 2, 5, 10
            switch (name)
            {
                case "theme-primary": // step 3: table 10.1, anything else becomes "None" (D5 kept)
                    sawTheme = true;
                    var title = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : null;
                    if (title is not null && DguTables.PrimaryThemes.TryGetValue(title, out var slug)) w.WriteString(name, slug);
                    else
                    {
                        notes.Add((PrimaryThemeNotMapped, title ?? (p.Value.ValueKind == JsonValueKind.Null ? "None" : p.Value.GetRawText())));
                        w.WriteString(name, DguTables.NoTheme);
                    }
                    break;
                case "codelist": // step 4: the objects reduced to their ids
                    w.WritePropertyName(name);
                    WriteIds(w, p.Value);
                    break;
                case "extras": // steps 6 and 7
                    sawExtras = true;
                    w.WritePropertyName(name);
                    WriteExtras(w, p.Value, d, moved);
                    break;
                case "resources" when p.Value.ValueKind == JsonValueKind.Array: // step 9
                    w.WritePropertyName(name);
                    WriteResources(w, p.Value);
                    break;
                default:
                    if (p.Value.ValueKind == JsonValueKind.String && DguTables.EmailFields.Contains(name))
                        w.WriteString(name, CleanEmail(p.Value.GetString()!)); // step 8, D2 fixed
                    else
                        CopyRaw(w, name, p.Value);
                    break;
            }
        }
        if (!sawTheme) w.WriteString("theme-primary", DguTables.NoTheme);
        if (d.TryGetProperty("schema", out var schema)) // step 5: renamed, reduced to ids
        {
            w.WritePropertyName("schema-vocabulary");
            WriteIds(w, schema);
        }
        if (!sawExtras && moved.Count > 0) // D1 fixed: no extras list is created, not a crash
        {
            w.WritePropertyName("extras");
            w.WriteStartArray();
            WriteMoved(w, d, moved);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        notes.Add((Migrated, d.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : ""));
        return new ConversionResult(ConversionOutcome.Converted, null, null, notes);
    }

    /// <summary>Copies a value as the source wrote it: no re-encoding, just bytes.</summary>
    private static void CopyRaw(Utf8JsonWriter w, string name, JsonElement value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }

    private static string? Reject(JsonElement d)
    {
        foreach (var key in new[] { "codelist", "schema" })
            if (d.TryGetProperty(key, out var list) && !IsListOfObjectsWithId(list))
                return $"'{key}' must be a list of objects that each have an 'id'";
        if (d.TryGetProperty("extras", out var extras) && extras.ValueKind != JsonValueKind.Array)
            return "'extras' must be a list of {key, value} objects";
        foreach (var field in DguTables.EmailFields)
            if (d.TryGetProperty(field, out var email) && email.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return $"'{field}' must be a string";
        return null;
    }

    private static bool IsListOfObjectsWithId(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array && list.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty("id", out _));

    private static void WriteIds(Utf8JsonWriter w, JsonElement list)
    {
        w.WriteStartArray();
        foreach (var item in list.EnumerateArray()) item.GetProperty("id").WriteTo(w);
        w.WriteEndArray();
    }

    /// <summary>Steps 6 and 7: drops extras now stored as fields and those about to be replaced, then appends the moved values.</summary>
    private static void WriteExtras(Utf8JsonWriter w, JsonElement extras, JsonElement d, List<string> moved)
    {
        w.WriteStartArray();
        foreach (var e in extras.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
            {
                var k = key.GetString()!;
                if (DguTables.ExtrasNowFields.Contains(k) || moved.Contains(k)) continue;
            }
            e.WriteTo(w);
        }
        WriteMoved(w, d, moved);
        w.WriteEndArray();
    }

    /// <summary>Step 6: custom fields as Python-style JSON strings. D4 fixed: "archiver" is moved as well as "archival".</summary>
    private static void WriteMoved(Utf8JsonWriter w, JsonElement d, List<string> moved)
    {
        foreach (var key in moved)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", PythonJson.Dumps(d.GetProperty(key)));
            w.WriteEndObject();
        }
    }

    /// <summary>Step 9: resource qa/archiver as JSON strings. D3 fixed: a value already a string stays as it is.</summary>
    private static void WriteResources(Utf8JsonWriter w, JsonElement resources)
    {
        w.WriteStartArray();
        foreach (var r in resources.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object || !NeedsEncoding(r))
            {
                w.WriteRawValue(JsonMarshal.GetRawUtf8Value(r), skipInputValidation: true);
                continue;
            }
            w.WriteStartObject();
            foreach (var p in r.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String && (p.NameEquals("qa"u8) || p.NameEquals("archiver"u8)))
                    w.WriteString(p.Name, PythonJson.Dumps(p.Value));
                else
                    CopyRaw(w, p.Name, p.Value);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static bool NeedsEncoding(JsonElement resource) =>
        (resource.TryGetProperty("qa"u8, out var qa) && qa.ValueKind != JsonValueKind.String)
        || (resource.TryGetProperty("archiver"u8, out var archiver) && archiver.ValueKind != JsonValueKind.String);

    /// <summary>The original's intent (D2): trim white space, drop a leading "mailto:", drop non-ASCII characters.</summary>
    public static string CleanEmail(string email)
    {
        var text = email.Trim();
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) text = text[7..];
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c <= 127) ascii.Append(c);
        return ascii.ToString().Trim();
    }
}
