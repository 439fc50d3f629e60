using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// A showcase as it is kept, compared and written: the fields of ckanext-showcase's schema
/// (logic/schema.py, 1.8) and its datasets; tags by name, extras by key, the image as a link or
/// an uploaded file's name (kept by the extension as the image_url extra). The showcase admins,
/// a list of the whole site's, are one record of their own (<see cref="IsAdmins"/>).
/// </summary>
internal static class ShowcaseForm
{
    public const string Type = "showcase";

    public const string AdminsType = "showcase_admins";

    /// <summary>The admins record's name, for reports and matching.</summary>
    public const string AdminsName = "(showcase admins)";

    /// <summary>The schema's text fields, each sent on every update: showcase_update replaces the whole showcase (recorded).</summary>
    public static readonly string[] TextFields = ["name", "title", "notes", "url", "author", "author_email"];

    public static bool IsAdmins(JsonObject record) => JsonText.NonEmpty(record["type"]) == AdminsType;

    /// <summary>A showcase as ckanext_showcase_list (package_dictize: image_url among the extras) or as show, create and update give it (image_url on its own).</summary>
    public static JsonObject From(JsonObject shown, IEnumerable<(string? Id, string Name)> datasets)
    {
        var extras = (shown["extras"] as JsonArray ?? []).OfType<JsonObject>().Where(e => JsonText.NonEmpty(e["state"]) is null or "active").ToList();
        var image = shown["image_url"] ?? extras.FirstOrDefault(e => JsonText.NonEmpty(e["key"]) == "image_url")?["value"];
        var record = new JsonObject { ["type"] = Type, ["id"] = shown["id"]?.DeepClone() };
        foreach (var field in TextFields) record[field] = shown[field]?.DeepClone();
        record["tags"] = new JsonArray((shown["tags"] as JsonArray ?? []).OfType<JsonObject>().Select(t => JsonText.NonEmpty(t["name"])).OfType<string>()
            .Order(StringComparer.Ordinal).Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
        record["extras"] = new JsonArray(extras.Where(e => JsonText.NonEmpty(e["key"]) is { } key && key != "image_url")
            .OrderBy(e => JsonText.NonEmpty(e["key"]), StringComparer.Ordinal)
            .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() }).ToArray());
        record["image_url"] = image?.DeepClone();
        record["datasets"] = Datasets(datasets);
        return record;
    }

    public static JsonArray Datasets(IEnumerable<(string? Id, string Name)> datasets) =>
        new(datasets.DistinctBy(d => d.Name, StringComparer.Ordinal).OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => (JsonNode)new JsonObject { ["id"] = d.Id, ["name"] = d.Name }).ToArray());

    public static JsonObject Admins(IEnumerable<string> names) => new()
    {
        ["type"] = AdminsType,
        ["name"] = AdminsName,
        ["admins"] = new JsonArray(names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => (JsonNode)n).ToArray()),
    };

    public static SortedSet<string> DatasetNames(JsonObject record) =>
        new((record["datasets"] as JsonArray ?? []).Select(d => d is JsonObject o ? JsonText.NonEmpty(o["name"]) : JsonText.NonEmpty(d)).OfType<string>(), StringComparer.Ordinal);

    public static SortedSet<string> AdminNames(JsonObject record) =>
        new((record["admins"] as JsonArray ?? []).Select(JsonText.NonEmpty).OfType<string>(), StringComparer.Ordinal);

    /// <summary>What is compared: the showcase's own fields (<see cref="Metadata"/>) and its datasets by name; or the admins by name.</summary>
    public static JsonObject Comparable(JsonObject record)
    {
        if (IsAdmins(record)) return new JsonObject { ["admins"] = new JsonArray(AdminNames(record).Select(n => (JsonNode)n).ToArray()) };
        var form = Metadata(record);
        form["datasets"] = new JsonArray(DatasetNames(record).Select(n => (JsonNode)n).ToArray());
        return PortalForms.Canonical(form) as JsonObject ?? new JsonObject();
    }

    /// <summary>The showcase without its datasets: text fields, tag names, extras by key, the image (an upload by its name without the upload time).</summary>
    public static JsonObject Metadata(JsonObject record)
    {
        var form = new JsonObject();
        foreach (var field in TextFields) form[field] = JsonText.Text(record[field]);
        // if_empty_same_as("name"): a showcase without a title is shown with its name.
        form["title"] = JsonText.NonEmpty(record["title"]) ?? JsonText.NonEmpty(record["name"]);
        form["tags"] = new JsonArray(TagNames(record).Select(n => (JsonNode)n).ToArray());
        var extras = new JsonObject();
        foreach (var extra in (record["extras"] as JsonArray ?? []).OfType<JsonObject>().OrderBy(e => JsonText.NonEmpty(e["key"]), StringComparer.Ordinal))
            if (JsonText.NonEmpty(extra["key"]) is { } key && key != "image_url") extras[key] = JsonText.Text(extra["value"]);
        form["extras"] = extras;
        form["image_url"] = RepresentationRules.ImageUrl(record["image_url"]);
        return PortalForms.Canonical(form) as JsonObject ?? new JsonObject();
    }

    public static SortedSet<string> TagNames(JsonObject record) =>
        new((record["tags"] as JsonArray ?? []).Select(t => t is JsonObject o ? JsonText.NonEmpty(o["name"]) : JsonText.NonEmpty(t)).OfType<string>(), StringComparer.Ordinal);

    /// <summary>ckanext_showcase_create / _update as JSON: every field of the schema (an update clears what is not sent, and fails without image_url).</summary>
    public static JsonObject Write(JsonObject record, string? targetId, string imageUrl)
    {
        var write = new JsonObject();
        if (targetId is not null) write["id"] = targetId;
        foreach (var field in TextFields) write[field] = JsonText.Text(record[field]) ?? "";
        write["tags"] = new JsonArray(TagNames(record).Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
        write["extras"] = new JsonArray((record["extras"] as JsonArray ?? []).OfType<JsonObject>().Where(e => JsonText.NonEmpty(e["key"]) is { } k && k != "image_url")
            .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = JsonText.Text(e["value"]) ?? "" }).ToArray());
        write["image_url"] = imageUrl;
        return write;
    }

    /// <summary>
    /// The same as multipart form fields, for a call that carries the image file: strings only, so
    /// tags as tag_string (the schema converts it) and no extras (a list cannot be a form field; a
    /// JSON update follows when there are any). Empty fields are left out: CKAN reads a form whose
    /// one value is "" as a JSON key.
    /// </summary>
    public static Dictionary<string, string> Form(JsonObject record, string? targetId, string? imageUrl)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (targetId is not null) form["id"] = targetId;
        foreach (var field in TextFields)
            if (JsonText.NonEmpty(record[field]) is { } value) form[field] = value;
        if (TagNames(record) is { Count: > 0 } tags) form["tag_string"] = string.Join(",", tags);
        if (imageUrl is not null) form["image_url"] = imageUrl; // showcase_update reads it before the upload replaces it
        return form;
    }
}
