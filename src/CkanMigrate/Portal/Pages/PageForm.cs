using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// A page as it is kept, compared and written (ckanext-pages actions.py and schema, and the
/// recordings): ckanext_pages_update sets title, content, name, private, order, page_type and
/// publish_date, keeps the schema's other fields as JSON extras, and answers null.
/// </summary>
internal static class PageForm
{
    /// <summary>The site's own: its row id and times, who wrote it last, its revisions, the language column no update sets, the list's first image, and the group of a group's page.</summary>
    private static readonly string[] SiteOwn = ["id", "created", "modified", "revisions", "user_id", "lang", "image", "group_id"];

    /// <summary>The mark of a page gone at the source (<see cref="PagesKind.Emptied"/>).</summary>
    public const string Gone = "gone_from_source";

    public static bool IsGone(JsonObject record) => record[Gone] is JsonValue v && v.TryGetValue<bool>(out var gone) && gone;

    /// <summary>The record of a page as ckanext_pages_show gives it.</summary>
    public static JsonObject FromShown(JsonObject shown)
    {
        var record = new JsonObject();
        foreach (var (key, value) in shown.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (!SiteOwn.Contains(key)) record[key] = value?.DeepClone();
        return record;
    }

    /// <summary>
    /// Every field the update sets, the defaults it applies put in (a page with no type is a "page";
    /// <see cref="Private"/>), image URLs of the site's own uploads by file name (each site has its
    /// own host and upload times). A page gone at the source holds nothing.
    /// </summary>
    public static JsonObject Comparable(JsonObject record)
    {
        if (IsGone(record)) return new JsonObject();
        var form = FromShown(record);
        form["page_type"] = JsonText.NonEmpty(record["page_type"]) ?? "page";
        form["private"] = Private(record);
        form["content"] = PageImages.Normalised(JsonText.Text(record["content"]));
        return PortalForms.Canonical(form) as JsonObject ?? new JsonObject();
    }

    /// <summary>
    /// What ckanext_pages_update is sent: every field (a field not sent is cleared), private always
    /// (a new page without it becomes private: the column's default), publish_date only when there
    /// is one (an empty one fails its isodate check), the content as given.
    /// </summary>
    public static JsonObject Write(JsonObject record, string content)
    {
        var write = FromShown(record);
        var name = JsonText.NonEmpty(record["name"]);
        write["page"] = name;
        write["content"] = content;
        write["private"] = Private(record);
        write["page_type"] = JsonText.NonEmpty(record["page_type"]) ?? "page";
        if (JsonText.NonEmpty(record["publish_date"]) is null) write.Remove("publish_date");
        return write;
    }

    /// <summary>A record that does not say is public, as ckanext-pages' form leaves a page unless the box is ticked.</summary>
    private static bool Private(JsonObject record) => record["private"] is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : JsonText.Text(v) is "true" or "True");
}
