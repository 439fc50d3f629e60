using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// The ckan harvester's validate_config (ckanext-harvest's ckanharvester.py): what a "ckan" source's
/// config may hold. The first problem found is the error, as "Error parsing the configuration
/// options: …" (recorded: default_tags given as strings).
/// </summary>
internal static class CkanHarvesterConfig
{
    public static string? Problem(ActionContext ctx, JsonObject config)
    {
        if (config["api_version"] is JsonValue version && !(version.TryGetValue<long>(out _) || version.TryGetValue<double>(out _)
                || version.TryGetValue<string>(out var text) && long.TryParse(text.Trim(), out _)))
            return "api_version must be an integer";
        if (config.ContainsKey("default_tags"))
        {
            if (config["default_tags"] is not JsonArray tags) return "default_tags must be a list";
            if (tags.Count > 0 && tags[0] is not JsonObject) return "default_tags must be a list of dictionaries";
        }
        if (config.ContainsKey("default_groups"))
        {
            if (config["default_groups"] is not JsonArray groups) return "default_groups must be a *list* of group names/ids";
            if (groups.Count > 0 && !(groups[0] is JsonValue first && first.TryGetValue<string>(out _))) return "default_groups must be a list of group names/ids (i.e. strings)";
            if (groups.Any(g => ctx.Store.FindGroup(g?.ToString() ?? "", organization: false) is null)) return "Default group not found";
        }
        if (config.ContainsKey("default_extras") && config["default_extras"] is not JsonObject) return "default_extras must be a dictionary";
        if (config.ContainsKey("organizations_filter_include") && config.ContainsKey("organizations_filter_exclude"))
            return "Harvest configuration cannot contain both organizations_filter_include and organizations_filter_exclude";
        if (config.ContainsKey("groups_filter_include") && config.ContainsKey("groups_filter_exclude"))
            return "Harvest configuration cannot contain both groups_filter_include and groups_filter_exclude";
        if (config.ContainsKey("user") && ctx.Store.FindUser(config["user"]?.ToString() ?? "") is null) return "User not found";
        foreach (var flag in new[] { "read_only", "force_all" })
            if (config.ContainsKey(flag) && !(config[flag] is JsonValue b && b.TryGetValue<bool>(out _))) return $"{flag} must be boolean";
        return null;
    }
}
