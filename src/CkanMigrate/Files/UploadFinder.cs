using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Files;

/// <summary>
/// The uploaded files of a dataset record: resources with <c>url_type: "upload"</c>. Every other
/// resource is a link to somewhere else and is never fetched (its URL is not the site's to serve).
/// A relative upload URL (old sites store the bare file name) is read against the site.
/// </summary>
public static class UploadFinder
{
    public static IEnumerable<UploadedFile> In(JsonObject dataset, Uri site)
    {
        var owner = RepresentationRules.Text(dataset["id"]) ?? RepresentationRules.Text(dataset["name"]) ?? "";
        foreach (var resource in (dataset["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!IsUpload(resource) || RepresentationRules.Text(resource["id"]) is not { Length: > 0 } id) continue;
            if (RepresentationRules.Text(resource["url"]) is not { Length: > 0 } url) continue;
            var absolute = Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u
                : new Uri(site, $"dataset/{owner}/resource/{id}/download/{url.Split('/')[^1]}");
            yield return new UploadedFile(id, owner, absolute.AbsoluteUri, FileName(absolute));
        }
    }

    public static bool IsUpload(JsonObject resource) => RepresentationRules.Text(resource["url_type"]) == "upload";

    /// <summary>The last path segment, as CKAN names the stored file.</summary>
    public static string FileName(Uri url) => Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
}
