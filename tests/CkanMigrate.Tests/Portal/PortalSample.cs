using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// A small portal with the kinds of issue #24's first half: resource views (one renamed image view,
/// a default one deleted, two views in a chosen order, none), a tag vocabulary used by a dataset,
/// and dataset collaborators.
/// </summary>
internal static class PortalSample
{
    public static string Resource(string dataset, int position) => Seed.DeterministicId("resource", $"{dataset}/{position}");

    /// <summary>A dataset whose resources are an image, a CSV, a web page and a second image (ids derived from its name).</summary>
    public static JsonObject Dataset(FakeCkanServer ckan, string name, string orgId, JsonArray? tags = null) =>
        ckan.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", name),
            ["name"] = name,
            ["title"] = $"Dataset {name}",
            ["owner_org"] = orgId,
            ["license_id"] = "uk-ogl",
            ["tags"] = tags ?? new JsonArray(new JsonObject { ["name"] = "economy" }),
            ["resources"] = new JsonArray(
                Res(name, 0, "https://example.org/logo.png", "PNG"),
                Res(name, 1, "https://example.org/data.csv", "CSV"),
                Res(name, 2, "https://example.org/page.html", "HTML"),
                Res(name, 3, "https://example.org/photo.png", "PNG")),
        });

    private static JsonObject Res(string dataset, int position, string url, string format) => new()
    {
        ["id"] = Resource(dataset, position),
        ["url"] = url,
        ["format"] = format,
        ["name"] = $"Resource {position}",
    };

    /// <summary>
    /// The source's views of one dataset: resource 0 keeps only a renamed image view (the default
    /// "Image" went), resource 1 a web page view then a text view, resource 2 none, resource 3 none
    /// either (its default image view was deleted at the source).
    /// </summary>
    public static void Views(FakeCkanServer ckan, string dataset)
    {
        ckan.Store.Portal.SeedResourceView(new JsonObject
        {
            ["resource_id"] = Resource(dataset, 0), ["view_type"] = "image_view", ["title"] = "Big logo", ["description"] = "Custom image view",
            ["image_url"] = "https://example.org/img/logo-big.png",
        });
        ckan.Store.Portal.SeedResourceView(new JsonObject
        {
            ["resource_id"] = Resource(dataset, 1), ["view_type"] = "webpage_view", ["title"] = "Web page", ["page_url"] = "https://example.org/page.html",
        });
        ckan.Store.Portal.SeedResourceView(new JsonObject { ["resource_id"] = Resource(dataset, 1), ["view_type"] = "text_view", ["title"] = "As text", ["description"] = "" });
    }

    /// <summary>The views as compared: type, title, description ("" for none), settings; in order.</summary>
    public static List<string> Shown(FakeCkanServer ckan, string resourceId) =>
        ckan.Store.Portal.ResourceViews(resourceId).Select(v =>
        {
            var copy = (JsonObject)v.DeepClone();
            foreach (var own in new[] { "id", "resource_id", "package_id" }) copy.Remove(own);
            if (copy["description"] is null) copy["description"] = "";
            return new JsonObject(copy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
        }).ToList();
}
