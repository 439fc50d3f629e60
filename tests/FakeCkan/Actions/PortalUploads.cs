namespace FakeCkan.Actions;

/// <summary>
/// Image uploads outside the group folder (CKAN's Upload for "admin", the site logo, "showcase"
/// and ckanext-pages' "page_images"): at most 2 MB, stored under the upload time and the munged file name, served from
/// /uploads/FOLDER/NAME.
/// </summary>
internal static class PortalUploads
{
    /// <summary>Stores the file sent in <paramref name="field"/>, if any, and gives its stored name.</summary>
    public static string? Store(ActionContext ctx, string folder, string field)
    {
        if (ctx.Upload is not { } part || part.Field != field) return null;
        if (part.Data.Length > 2 * 1024 * 1024) throw CkanActionException.Validation("upload", "File upload too large");
        var name = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmmss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + Uploads.Munge(part.FileName);
        ctx.Store.Portal.Files[(folder, name)] = part.Data;
        return name;
    }
}
