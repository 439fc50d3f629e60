using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Files;

/// <summary>
/// The uploaded files of a dataset record: resources with <c>url_type: "upload"</c>. Every other
/// resource is a link to somewhere else and is never fetched (its URL is not the site's to serve).
/// A relative upload URL (old sites store the bare file name) is read against the site.
/// </summary>
internal static class UploadFinder
{
    public static IEnumerable<UploadedFile> In(JsonObject dataset, Uri site)
    {
        var owner = JsonText.Text(dataset["id"]) ?? JsonText.Text(dataset["name"]) ?? "";
        foreach (var resource in (dataset["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!IsUpload(resource) || JsonText.Text(resource["id"]) is not { Length: > 0 } id) continue;
            if (JsonText.Text(resource["url"]) is not { Length: > 0 } url) continue;
            var absolute = Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u
                : new Uri(site, $"dataset/{owner}/resource/{id}/download/{url.Split('/')[^1]}");
            yield return new UploadedFile(id, owner, absolute.AbsoluteUri, FileName(absolute));
        }
    }

    /// <summary>
    /// An organization's or group's uploaded image: an <c>image_url</c> that is a bare file name
    /// (CKAN stores uploads so, and serves them from /uploads/group/). A URL is a link, never fetched.
    /// </summary>
    public static IEnumerable<UploadedFile> ImageOf(JsonObject group, Uri site)
    {
        if (JsonText.Text(group["id"]) is not { Length: > 0 } id || !IsUploadedImage(group["image_url"], out var name)) yield break;
        yield return new UploadedFile(id, id, new Uri(site, "uploads/group/" + Uri.EscapeDataString(name)).AbsoluteUri, name);
    }

    public static bool IsUploadedImage(System.Text.Json.Nodes.JsonNode? imageUrl, out string name)
    {
        name = JsonText.Text(imageUrl) ?? "";
        return name.Length > 0 && !name.Contains("://", StringComparison.Ordinal) && !name.Contains('/');
    }

    /// <summary>The kinds whose records can hold files in CKAN's storage.</summary>
    public static bool HoldsFiles(Entities.EntityKind kind) => kind is Entities.EntityKind.Datasets or Entities.EntityKind.Organizations or Entities.EntityKind.Groups;

    /// <summary>What a kind's records hold in CKAN's storage: resource files for datasets, images for organizations and groups.</summary>
    public static IEnumerable<UploadedFile> Of(Entities.EntityKind kind, JsonObject record, Uri site) => kind switch
    {
        Entities.EntityKind.Datasets => In(record, site),
        Entities.EntityKind.Organizations or Entities.EntityKind.Groups => ImageOf(record, site),
        _ => [],
    };

    public static bool IsUpload(JsonObject resource) => JsonText.Text(resource["url_type"]) == "upload";

    /// <summary>The last path segment, as CKAN names the stored file.</summary>
    public static string FileName(Uri url) => Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
}
