using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Views;

/// <summary>
/// Which view types a target can hold. The view plugins CKAN ships are named as their view type
/// (setup.cfg and each plugin's info(), 2.10), so a stock type whose plugin is not among the
/// target's extensions is known to be refused before anything is sent, dry run included. Other
/// types (an extension may name its plugin otherwise) are tried, and CKAN's own refusal
/// ("No plugin found for view_type …", recorded on 2.10 and 2.11) is the reason given.
/// </summary>
internal static class ViewTypes
{
    private static readonly HashSet<string> Stock = new(StringComparer.Ordinal)
    {
        "image_view", "text_view", "webpage_view", "datatables_view", "audio_view", "video_view",
        "recline_view", "recline_grid_view", "recline_graph_view", "recline_map_view",
    };

    /// <summary>The views of stock types whose plugin the target lacks, each with that reason; null when there are none.</summary>
    public static string? Lacking(IEnumerable<JsonObject> views, CkanSiteInfo site)
    {
        var lacking = views.Where(v => JsonText.NonEmpty(v["view_type"]) is { } type && Stock.Contains(type) && !site.HasExtension(type))
            .Select(v => $"view {ViewForm.Describe(v)}: the target has no {JsonText.NonEmpty(v["view_type"])} plugin (not among its extensions)").ToList();
        return lacking.Count == 0 ? null : string.Join("; ", lacking);
    }

    /// <summary>CKAN's words when resource_view_create refused the type for want of a plugin, or null for another refusal.</summary>
    public static string? NoPlugin(CkanApiException e) =>
        e.FieldErrors?["view_type"]?.ToJsonString() is { } text && text.Contains("No plugin found", StringComparison.Ordinal)
            ? JsonText.NonEmpty(e.FieldErrors["view_type"]) ?? text
            : null;
}
