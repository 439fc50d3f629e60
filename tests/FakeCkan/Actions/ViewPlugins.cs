using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// The four view plugins CKAN ships, as their info() describes them: default title, the fields a
/// view of the type keeps (its schema, with defaults), whether it needs the DataStore, and which
/// resources it can show (can_view, with the stock preview formats).
/// </summary>
internal static class ViewPlugins
{
    /// <summary>resource_view's own columns; every other validated field is kept in the view's config.</summary>
    public static readonly string[] Columns = ["id", "resource_id", "title", "description", "view_type"];

    public static bool Loaded(ActionContext ctx, string? viewType) => viewType is not null && ctx.Options.ViewPlugins.Contains(viewType);

    public static string DefaultTitle(string viewType) => viewType switch
    {
        "image_view" => "Image",
        "text_view" => "Text",
        "webpage_view" => "Website",
        "datatables_view" => "Table",
        _ => "View",
    };

    public static bool RequiresDataStore(string viewType) => viewType == "datatables_view";

    /// <summary>The fields a view type validates besides the columns (datatables_view is "filterable": filter_fields/values too).</summary>
    public static IReadOnlyCollection<string> Fields(string viewType) => viewType switch
    {
        "image_view" => ["image_url"],
        "webpage_view" => ["page_url"],
        "datatables_view" => ["responsive", "ellipsis_length", "date_format", "show_fields", "filterable", "filter_fields", "filter_values"],
        _ => [],
    };

    /// <summary>
    /// The type's fields validated as its schema does: empty URLs are dropped (ignore_empty), the
    /// DataTables settings get their defaults and booleans. The result is the view's config.
    /// </summary>
    public static JsonObject Config(string viewType, JsonObject input, Validation.Errors errors)
    {
        var config = new JsonObject();
        switch (viewType)
        {
            case "image_view":
            case "webpage_view":
                var field = viewType == "image_view" ? "image_url" : "page_url";
                if (input[field] is { } url && url.ToString().Length > 0) config[field] = url.DeepClone();
                break;
            case "datatables_view":
                config["responsive"] = Boolean(input["responsive"], false);
                config["ellipsis_length"] = Natural(input["ellipsis_length"], 100, errors);
                config["date_format"] = Empty(input["date_format"]) ? "llll" : input["date_format"]!.DeepClone();
                if (input["show_fields"] is { } shown) config["show_fields"] = shown.DeepClone();
                config["filterable"] = Boolean(input["filterable"], true);
                foreach (var filter in new[] { "filter_fields", "filter_values" })
                    if (input[filter] is { } value) config[filter] = value is JsonArray ? value.DeepClone() : new JsonArray(value.DeepClone());
                break;
        }
        return config;
    }

    /// <summary>can_view with CKAN's default preview formats; text views of same-site files only (no resource_proxy).</summary>
    public static bool CanView(ActionContext ctx, string viewType, JsonObject resource)
    {
        var format = (FakeCkanStore.Str(resource, "format") ?? "").ToLowerInvariant();
        var url = FakeCkanStore.Str(resource, "url") ?? "";
        return viewType switch
        {
            "image_view" => format is "png" or "jpeg" or "jpg" or "gif",
            "webpage_view" => format is "html" or "htm" || url.Split('.')[^1] is "html" or "htm",
            "text_view" => format == "jsonp"
                           || (format is "text/plain" or "txt" or "plain" or "xml" or "rdf" or "rdf+xml" or "owl+xml" or "atom" or "rss" or "json"
                               && url.StartsWith(ctx.SiteUrl, StringComparison.Ordinal)),
            "datatables_view" => resource["datastore_active"] is JsonValue v && v.TryGetValue<bool>(out var active) && active,
            _ => false,
        };
    }

    private static bool Empty(JsonNode? node) => node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);

    /// <summary>default(x) then boolean_validator: true, "true", "yes", "t", "y", "1" are true; anything else false.</summary>
    private static bool Boolean(JsonNode? node, bool fallback)
    {
        if (Empty(node)) return fallback;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        if (node is JsonValue n && n.TryGetValue<long>(out var i)) return i == 1;
        return node!.ToString().ToLowerInvariant() is "true" or "yes" or "t" or "y" or "1";
    }

    private static JsonNode? Natural(JsonNode? node, int fallback, Validation.Errors errors)
    {
        if (Empty(node)) return fallback;
        if (node is JsonValue v && (v.TryGetValue<long>(out var n) || long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)))
        {
            if (n >= 0) return n;
            errors.Add("ellipsis_length", "Must be a natural number");
            return null;
        }
        errors.Add("ellipsis_length", "Invalid integer");
        return null;
    }
}
