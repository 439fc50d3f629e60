using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Files;

namespace CkanMigrate.Portal.SiteConfig;

/// <summary>
/// The site logo: a URL, a path to a static file, or a file uploaded through config_option_update's
/// logo_upload, which CKAN stores as /uploads/admin/ then the upload time and the file name
/// (logic/action/update.py, url_for_static) and serves from there.
/// </summary>
internal static class SiteLogo
{
    public const string Key = "ckan.site_logo";

    public const string Folder = "/uploads/admin/";

    /// <summary>The stored file name of an uploaded logo, or null for any other setting or a logo that is a link.</summary>
    public static string? UploadedName(JsonObject record) =>
        JsonText.NonEmpty(record["key"]) == Key && JsonText.NonEmpty(record["value"]) is { } value && value.StartsWith(Folder, StringComparison.Ordinal)
        && value[Folder.Length..] is { Length: > 0 } name && !name.Contains('/') ? Uri.UnescapeDataString(name) : null;

    /// <summary>The manifest's id of an uploaded logo: by its stored name, so a new upload is a new file, fetched again.</summary>
    public static string FileId(string name) => $"site-config/{Key}/{name}";

    public static UploadedFile File(string name, Uri site) =>
        new(FileId(name), Key, new Uri(site, Folder.TrimStart('/') + Uri.EscapeDataString(name)).AbsoluteUri, name);
}
