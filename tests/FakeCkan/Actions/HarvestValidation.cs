using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>ckanext-harvest's checks on a type=harvest dataset: source type, frequency, unique url+config.</summary>
internal static class HarvestValidation
{
    private static readonly string[] Frequencies = ["MANUAL", "MONTHLY", "WEEKLY", "BIWEEKLY", "DAILY", "ALWAYS"];

    public static void Check(ActionContext ctx, JsonObject d, JsonObject? existing, Validation.Errors errors)
    {
        var url = FakeCkanStore.Str(d, "url");
        if (string.IsNullOrEmpty(url)) errors.Add("url", "Missing value");
        var type = FakeCkanStore.Str(d, "source_type");
        if (string.IsNullOrEmpty(type)) errors.Add("source_type", "Missing value");
        else if (!ctx.Options.HarvesterTypes.Contains(type))
            errors.Add("source_type", $"Unknown harvester type: {type}. Registered types: [{string.Join(", ", ctx.Options.HarvesterTypes.Select(t => $"'{t}'"))}]");
        var frequency = (FakeCkanStore.Str(d, "frequency") ?? "").ToUpperInvariant();
        if (frequency.Length == 0) frequency = "MANUAL";
        if (!Frequencies.Contains(frequency)) errors.Add("frequency", "Frequency " + frequency + " not recognised");
        d["frequency"] = frequency;
        // Recorded on 2.10: a JSON object (not a string holding one) fails the harvester's parse.
        if (d["config"] is JsonObject or JsonArray) errors.Add("config", "Error parsing the configuration options: Input string must be text, not bytes");
        var config = FakeCkanStore.Str(d, "config") ?? "";
        if (config.Length > 0)
        {
            try { JsonNode.Parse(config); }
            catch (System.Text.Json.JsonException) { errors.Add("config", "Error parsing the configuration options: not valid JSON"); }
        }
        var existingId = FakeCkanStore.Str(existing, "id");
        var clash = ctx.Store.Datasets.Values.Any(x => FakeCkanStore.Str(x, "type") == "harvest" && FakeCkanStore.Str(x, "id") != existingId
            && FakeCkanStore.Str(x, "url") == url && (FakeCkanStore.Str(x, "config") ?? "") == config);
        if (clash) errors.Add("url", $"There already is a Harvest Source for this URL (& config): url={url} config={(config.Length > 0 ? config : "None")}");
    }
}
