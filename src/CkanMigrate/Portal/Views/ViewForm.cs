using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Views;

/// <summary>A view as it is compared and as it is written (spec/ckan-portal-exchanges.md, resource views).</summary>
internal static class ViewForm
{
    /// <summary>The site's own: the view's id, the ids of its resource and dataset (resource_view_dictize adds package_id).</summary>
    private static readonly string[] SiteOwn = ["id", "resource_id", "package_id"];

    /// <summary>Type, title, description and the type's settings; null and "" alike (a view made without a description shows null).</summary>
    public static JsonObject Comparable(JsonObject view)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in view)
            if (!SiteOwn.Contains(key)) copy[key] = value?.DeepClone();
        return PortalForms.Canonical(copy) as JsonObject ?? new JsonObject();
    }

    /// <summary>
    /// What resource_view_create / resource_view_update are sent: every field of the view (an update
    /// drops a type setting not sent), on the target's resource. Never package_id, which both
    /// versions refuse on create. The description is sent as "" when it has none: an update ignores
    /// a missing one and would keep the target's.
    /// </summary>
    public static JsonObject Write(JsonObject view, string targetResourceId, string? keepId)
    {
        var write = new JsonObject();
        foreach (var (key, value) in view)
            if (!SiteOwn.Contains(key)) write[key] = value?.DeepClone();
        write["resource_id"] = targetResourceId;
        write["description"] = JsonText.NonEmpty(view["description"]) ?? "";
        if (keepId is not null) write["id"] = keepId;
        return write;
    }

    public static string Describe(JsonObject view) => $"'{JsonText.NonEmpty(view["title"])}' ({JsonText.NonEmpty(view["view_type"])})";
}
