using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// A legacy <c>harvest_source_list</c> row to a ckanext-harvest source (spec §8.2 steps 1–7). The
/// original upserted straight into the new database; here the result is a file that
/// <c>load harvest-sources</c> sends through the API by name. Bug H1 is fixed: a source whose
/// publisher does not resolve is rejected with a reason instead of crashing the run.
/// </summary>
public sealed class DguHarvestSourceConverter(bool production) : IRecordConverter
{
    public const string Inactive = "Skipped inactive harvest source";
    public const string DkanFixed = "Fixing Cambridgeshire insight source";

    public ConversionResult Convert(JsonObject source)
    {
        // 1. Inactive sources are skipped (silently in the original; counted here).
        if (IsFalsy(source["active"])) return ConversionResult.Skipped("inactive", (Inactive, JsonText.String(source["name"]) ?? JsonText.String(source["id"]) ?? ""));
        var notes = new List<(string, string)>();
        // 2. No name: the id stands in.
        if (string.IsNullOrEmpty(JsonText.String(source["name"]))) source["name"] = source["id"]?.DeepClone();
        // 3. Outside production every source is harvested by hand only.
        if (!production) source["frequency"] = DguTables.ManualFrequency;
        // 4. The one dkan source becomes DCAT JSON at data.json resolved against its URL (H3, kept).
        if (JsonText.String(source["type"]) == "dkan")
        {
            source["type"] = "dcat_json";
            if (JsonText.String(source["url"]) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
                source["url"] = new Uri(baseUrl, "data.json").AbsoluteUri;
            notes.Add((DkanFixed, JsonText.String(source["name"]) ?? ""));
        }
        // 5. H1 fixed: no resolvable publisher is a rejected record, not a crash.
        if (JsonText.String(source["publisher_name"]) is not { Length: > 0 } publisher)
            return ConversionResult.Rejected($"harvest source '{JsonText.String(source["name"])}' has no publisher_name: its publisher_id does not resolve to an organization");
        source["owner_org"] = publisher;
        // 6. Legacy type → source_type (table 10.2); unknown types pass through.
        var type = JsonText.String(source["type"]) ?? "";
        source["source_type"] = DguTables.HarvestSourceTypes.TryGetValue(type, out var mapped) ? mapped : source["type"]?.DeepClone();
        // 7. The id goes: the harvest create schema assigns a new one.
        source.Remove("id");
        return new ConversionResult(ConversionOutcome.Converted, source, null, notes);
    }

    /// <summary>Python truthiness: false, null, 0, "" and empty lists are false.</summary>
    private static bool IsFalsy(JsonNode? node) => node switch
    {
        null => true,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d == 0,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => false,
    };}
