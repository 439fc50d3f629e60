using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Files;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// A showcase's image: a link, or a file uploaded through image_upload, which ckanext-showcase keeps
/// as the bare stored name (upload time, then the file name) and serves from /uploads/showcase/
/// (plugin.py, _add_to_pkg_dict).
/// </summary>
internal static class ShowcaseImage
{
    public const string Folder = "uploads/showcase/";

    /// <summary>The stored file name of an uploaded image, or null for a link or none.</summary>
    public static string? UploadedName(JsonObject? showcase) =>
        showcase is not null && UploadFinder.IsUploadedImage(showcase["image_url"], out var name) ? name : null;

    /// <summary>The same file when the names agree past their upload times (each site stamps its own).</summary>
    public static bool Same(string a, string b) => RepresentationRules.UploadedImageName(a) == RepresentationRules.UploadedImageName(b);

    /// <summary>The manifest's id of a showcase's image: the showcase's own id at the source and the stored name (a new upload is a new file, fetched again).</summary>
    public static string FileId(JsonObject record, string name) => $"showcase/{JsonText.NonEmpty(record["id"]) ?? JsonText.NonEmpty(record["name"])}/{name}";

    public static UploadedFile File(JsonObject record, string name, Uri site) =>
        new(FileId(record, name), JsonText.NonEmpty(record["name"]) ?? "", new Uri(site, Folder + Uri.EscapeDataString(name)).AbsoluteUri, name);
}
