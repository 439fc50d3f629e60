using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>ckanext-harvest's checks on a type=harvest dataset: source type, frequency, unique url+config.</summary>
internal static class HarvestValidation
{
    private static readonly string[] Frequencies = ["MANUAL", "MONTHLY", "WEEKLY", "BIWEEKLY", "DAILY", "ALWAYS"];

    /// <summary>ckanext-harvest's _normalize_url: scheme, host (without a default port) and path without its trailing slash.</summary>
    private static string Normalize(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u)) return url.Split('?', '#')[0].TrimEnd('/');
        var host = u.IsDefaultPort ? u.Host : $"{u.Host}:{u.Port}";
        return $"{u.Scheme}://{host}{u.AbsolutePath.TrimEnd('/')}";
    }

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
            try
            {
                if (type == "ckan" && JsonNode.Parse(config) is JsonObject options && CkanHarvesterConfig.Problem(ctx, options) is { } problem)
                    errors.Add("config", "Error parsing the configuration options: " + problem);
            }
            catch (System.Text.Json.JsonException) { errors.Add("config", "Error parsing the configuration options: not valid JSON"); }
        }
        var existingId = FakeCkanStore.Str(existing, "id");
        var normalized = Normalize(url ?? "");
        var clash = ctx.Store.Datasets.Values.Any(x => FakeCkanStore.Str(x, "type") == "harvest" && FakeCkanStore.Str(x, "id") != existingId
            && Normalize(FakeCkanStore.Str(x, "url") ?? "") == normalized && (FakeCkanStore.Str(x, "config") ?? "") == config);
        if (clash) errors.Add("url", $"There already is a Harvest Source for this URL (& config): url={normalized} config={(config.Length > 0 ? config : "None")}");
    }
}
