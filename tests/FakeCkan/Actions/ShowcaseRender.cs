using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// How ckanext-showcase shows a showcase (a dataset of type showcase): through its show schema, so
/// only the schema's keys are left (no organization, license, maintainer, private...), image_url
/// comes out of the extras (and the extras key goes when image_url was the only one); package_show
/// then adds image_display_url, num_datasets and the notes rendered as HTML (search results do not).
/// </summary>
internal static class ShowcaseRender
{
    private static readonly string[] Kept =
    [
        "author", "author_email", "creator_user_id", "id", "metadata_created", "metadata_modified", "name", "notes", "num_tags",
        "state", "title", "type", "url", "tags", "resources", "groups", "relationships_as_subject", "relationships_as_object",
    ];

    public static bool IsShowcase(JsonObject? dataset) => FakeCkanStore.Str(dataset, "type") == "showcase";

    /// <summary>The show schema's view of a package dict (as search results carry it).</summary>
    public static JsonObject Validated(JsonObject shown)
    {
        var o = new JsonObject();
        foreach (var key in Kept)
            if (shown.ContainsKey(key)) o[key] = shown[key]?.DeepClone();
        var extras = (shown["extras"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var image = extras.FirstOrDefault(e => FakeCkanStore.Str(e, "key") == "image_url");
        if (image is not null) o["image_url"] = image["value"]?.DeepClone();
        var others = extras.Where(e => e != image).Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() }).ToArray();
        if (extras.Count == 0 || others.Length > 0) o["extras"] = new JsonArray(others); // convert_from_extras leaves no key when it took the only one
        return o;
    }

    /// <summary>after_dataset_show: the image's display URL (uploads under /uploads/showcase/), the datasets' count, the notes as HTML.</summary>
    public static JsonObject AfterShow(ActionContext ctx, JsonObject validated)
    {
        var image = FakeCkanStore.Str(validated, "image_url");
        validated["image_display_url"] = string.IsNullOrEmpty(image) || image.StartsWith("http", StringComparison.Ordinal)
            ? validated["image_url"]?.DeepClone()
            : $"{ctx.SiteUrl}/uploads/showcase/{image}";
        validated["num_datasets"] = Datasets(ctx, FakeCkanStore.Str(validated, "id")).Count;
        validated["showcase_notes_formatted"] = Markdown.Render(FakeCkanStore.Str(validated, "notes"));
        return validated;
    }

    /// <summary>
    /// ckanext_showcase_package_list: the linked datasets as package_search finds them (the index's
    /// copies, active and public only), newest first, and at most the 100 rows it asks for
    /// (showcase 1.8's get.py: package_search with q id:(...) and rows 100).
    /// </summary>
    public static List<JsonObject> Datasets(ActionContext ctx, string? showcaseId)
    {
        var linked = ctx.Store.Portal.ShowcaseDatasets.Where(l => l.ShowcaseId == showcaseId).Select(l => l.PackageId).ToHashSet(StringComparer.Ordinal);
        return ctx.Store.IndexedDatasets.Where(d => linked.Contains(FakeCkanStore.Str(d, "id") ?? "") && Search.IsActivePublic(d))
            .OrderByDescending(d => FakeCkanStore.Str(d, "metadata_modified"), StringComparer.Ordinal).Take(Rows).ToList();
    }

    /// <summary>The rows both link lists ask package_search for.</summary>
    public const int Rows = 100;

    /// <summary>ckanext_showcase_list's rows: package_dictize, unvalidated (extras as table rows, organization, license...).</summary>
    public static JsonObject Dictized(ActionContext ctx, JsonObject stored)
    {
        var d = Render.Dataset(ctx, stored);
        var o = new JsonObject();
        foreach (var key in new[] { "id", "name", "title", "version", "url", "author", "author_email", "maintainer", "maintainer_email", "notes", "license_id", "type",
                     "owner_org", "creator_user_id", "metadata_created", "metadata_modified", "private", "state", "resources", "num_resources", "tags", "num_tags" })
            o[key] = d[key]?.DeepClone();
        o["extras"] = new JsonArray((d["extras"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonNode)new JsonObject
        {
            ["id"] = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{stored["id"]}/extra/{e["key"]}"))).ToString(),
            ["package_id"] = stored["id"]?.DeepClone(),
            ["key"] = e["key"]?.DeepClone(),
            ["value"] = e["value"]?.DeepClone(),
            ["state"] = "active",
        }).ToArray());
        foreach (var key in new[] { "groups", "organization", "relationships_as_subject", "relationships_as_object", "isopen", "license_title" })
            o[key] = d[key]?.DeepClone();
        return o;
    }
}
