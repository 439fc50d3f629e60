using System.Text.Json;

namespace CkanMigrate.Entities;

/// <summary>
/// Dataset types a CKAN site keeps as datasets but that this tool moves as kinds of their own:
/// harvest sources (ckanext-harvest) and showcases (ckanext-showcase). Their plugins hide them from
/// package_search unless its fq names the type (before_dataset_search, both extensions), while
/// package_list and package_show give them like any dataset (recorded: package_list_includes_showcase).
/// So every way of listing datasets leaves them out here, and the one place that says which they are
/// is this.
/// </summary>
internal static class OwnKindTypes
{
    /// <summary>Each type with the plugin that hides it from search (and gives it its own actions).</summary>
    public static readonly IReadOnlyList<(string Type, string Plugin)> All = [("harvest", "harvest"), ("showcase", "showcase")];

    public static bool IsOwnKind(string? type) => type is not null && All.Any(t => t.Type == type);

    /// <summary>The type of a dataset document (a search page's record), read without a node tree.</summary>
    public static bool IsOwnKind(JsonElement dataset) =>
        dataset.ValueKind == JsonValueKind.Object && dataset.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && IsOwnKind(type.GetString());
}
