using System.Text;
using System.Text.Json.Nodes;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// A legacy (ckanext-dgu) dataset to the new (ckanext-datagovuk) schema: spec/dgu-migration.md §6,
/// step for step, with bugs D1–D4 of §14 fixed on purpose (see docs/dgu-profile.md). A record the
/// original would have crashed on is rejected with a reason instead of aborting the run.
/// </summary>
public sealed class DguDatasetConverter : IRecordConverter
{
    public const string PrimaryThemeNotMapped = "Primary theme mapping not possible";
    public const string Migrated = "Migrated dataset";

    public ConversionResult Convert(JsonObject d)
    {
        var notes = new List<(string, string)>();
        var delete = new List<string>(DguTables.SplitResourceLists);

        // Step 2. D1 fixed: a record without tags or num_tags is fine, not a crash.
        d.Remove("tags");
        d.Remove("num_tags");

        // Step 3: the primary theme through table 10.1; anything else becomes the string "None" (D5 kept).
        if (d.TryGetPropertyValue("theme-primary", out var theme))
        {
            if (theme is JsonValue v && v.TryGetValue<string>(out var title) && DguTables.PrimaryThemes.TryGetValue(title, out var slug))
                d["theme-primary"] = slug;
            else
            {
                notes.Add((PrimaryThemeNotMapped, PythonRepr(theme)));
                d["theme-primary"] = DguTables.NoTheme;
            }
        }
        else
        {
            d["theme-primary"] = DguTables.NoTheme;
        }

        // Steps 4 and 5: codelist and schema objects reduced to their ids; schema renamed.
        if (d.ContainsKey("codelist"))
        {
            if (Ids(d["codelist"]) is not { } codelist) return ConversionResult.Rejected("'codelist' must be a list of objects that each have an 'id'");
            d["codelist"] = codelist;
        }
        if (d.ContainsKey("schema"))
        {
            if (Ids(d["schema"]) is not { } schema) return ConversionResult.Rejected("'schema' must be a list of objects that each have an 'id'");
            d["schema-vocabulary"] = schema;
            d.Remove("schema");
        }

        // Step 6: custom fields into extras as Python-style JSON, replacing extras of the same key.
        // D4 fixed: real dumps carry the dataset-level plugin data as "archiver"; it is moved too.
        if (d.ContainsKey("extras") && d["extras"] is not JsonArray)
            return ConversionResult.Rejected("'extras' must be a list of {key, value} objects");
        foreach (var key in DguTables.MovedToExtras)
        {
            if (!d.TryGetPropertyValue(key, out var value)) continue;
            var extras = d["extras"] as JsonArray ?? (JsonArray)(d["extras"] = new JsonArray()); // D1: no extras list is created, not a crash
            RemoveExtras(extras, k => k == key);
            extras.Add(new JsonObject { ["key"] = key, ["value"] = PythonJson.Dumps(value) });
            delete.Add(key);
        }

        // Step 7: extras that the new schema now stores as fields (the top-level copies stay).
        if (d["extras"] is JsonArray current)
            RemoveExtras(current, DguTables.ExtrasNowFields.Contains);

        // Step 8: e-mail fields. D2 fixed: the cleaning does what it was written for.
        foreach (var field in DguTables.EmailFields)
        {
            if (!d.TryGetPropertyValue(field, out var value) || value is null) continue;
            if (value is not JsonValue s || !s.TryGetValue<string>(out var email))
                return ConversionResult.Rejected($"'{field}' must be a string");
            d[field] = CleanEmail(email);
        }

        // Step 9: resource qa/archiver as JSON strings. D3 fixed: a value already a string stays as it is.
        if (d["resources"] is JsonArray resources)
            foreach (var resource in resources.OfType<JsonObject>())
                foreach (var key in DguTables.ResourceJsonKeys)
                    if (resource.TryGetPropertyValue(key, out var value) && !(value is JsonValue sv && sv.TryGetValue<string>(out _)))
                        resource[key] = PythonJson.Dumps(value);

        // Step 10.
        foreach (var key in delete) d.Remove(key);
        notes.Add((Migrated, d["name"]?.ToString() ?? ""));
        return new ConversionResult(ConversionOutcome.Converted, d, null, notes);
    }

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

    private static JsonArray? Ids(JsonNode? list)
    {
        if (list is not JsonArray items) return null;
        var ids = new JsonArray();
        foreach (var item in items)
        {
            if (item is not JsonObject o || !o.TryGetPropertyValue("id", out var id)) return null;
            ids.Add(id?.DeepClone());
        }
        return ids;
    }

    private static void RemoveExtras(JsonArray extras, Func<string, bool> match)
    {
        for (var i = extras.Count - 1; i >= 0; i--)
            if (extras[i] is JsonObject e && e["key"] is JsonValue k && k.TryGetValue<string>(out var key) && match(key))
                extras.RemoveAt(i);
    }

    private static string PythonRepr(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
