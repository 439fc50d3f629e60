using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>
/// A file sent with resource_create / resource_update / resource_patch (multipart field <c>upload</c>):
/// refused over ckan.max_resource_size ("File upload too large"), stored under the resource id,
/// the URL set to the munged file name, size and mimetype from the file, last_modified the upload time.
/// </summary>
internal static partial class Uploads
{
    /// <summary>Checks the upload before anything is written: a refused upload leaves no resource behind.</summary>
    public static void Check(ActionContext ctx)
    {
        if (ctx.Upload is { Field: "upload" } part && part.Data.Length > ctx.Options.MaxResourceSize)
            throw CkanActionException.Validation("upload", "File upload too large");
    }

    /// <summary>What the upload makes of the resource fields sent (before the dataset is saved).</summary>
    public static void Describe(ActionContext ctx, JsonObject resource)
    {
        if (ctx.Upload is not { Field: "upload" } part) return;
        resource["url"] = Munge(part.FileName);
        resource["url_type"] = "upload";
        resource["size"] = part.Data.Length;
        resource["mimetype"] = Mimetype(part.FileName);
        resource["last_modified"] = FakeCkanStore.FormatTimestamp(DateTime.UtcNow);
    }

    /// <summary>Keeps the file once the resource has its id (callers hold Gate).</summary>
    public static void Store(ActionContext ctx, string resourceId)
    {
        if (ctx.Upload is { Field: "upload" } part) ctx.Store.ResourceFiles[resourceId] = part.Data;
    }

    /// <summary>Organization and group images: 2 MB at most (the error is keyed upload), and an image by its first bytes.</summary>
    public static void CheckImage(ActionContext ctx)
    {
        if (ctx.Upload is not { Field: "image_upload" } part) return;
        if (part.Data.Length > 2 * 1024 * 1024) throw CkanActionException.Validation("upload", "File upload too large");
        if (ImageType(part.Data) is null) throw CkanActionException.Validation("image_upload", $"Unsupported upload type: {Mimetype(part.FileName) ?? "application/octet-stream"}");
    }

    /// <summary>The stored name is the upload time then the munged name, as recorded: 2026-12-01-090650.123456logo.png.</summary>
    public static void ApplyImage(ActionContext ctx, JsonObject group)
    {
        if (ctx.Upload is not { Field: "image_upload" } part) return;
        var name = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmmss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + Munge(part.FileName);
        group["image_url"] = name;
        ctx.Store.GroupImages[name] = part.Data;
    }

    public static string? ImageType(byte[] data) => data switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        _ => null,
    };

    /// <summary>ckan.lib.munge.munge_filename, near enough: the last path segment, lower case, safe characters, spaces as dashes.</summary>
    public static string Munge(string urlOrName)
    {
        var name = urlOrName.Split('?')[0].TrimEnd('/').Split('/')[^1]; // not unescaped: "Orig%20Name.CSV" gives orig20name.csv, as recorded
        name = Unsafe().Replace(name.ToLowerInvariant().Trim(), "").Replace(' ', '-');
        return Dashes().Replace(name, "-");
    }

    public static string? Mimetype(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".txt" => "text/plain",
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".zip" => "application/zip",
        _ => null,
    };

    [GeneratedRegex("[^a-z0-9_. -]")]
    private static partial Regex Unsafe();

    [GeneratedRegex("-+")]
    private static partial Regex Dashes();
}
