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
        // clear_upload is never stored; with no new file, any true-ish value (as Python sees it) makes the resource a link.
        if (resource["clear_upload"] is { } clear && resource.Remove("clear_upload") && ctx.Upload is null && Truthy(clear)) resource["url_type"] = "";
        if (ctx.Upload is not { Field: "upload" } part) return;
        resource["url"] = Munge(part.FileName);
        resource["url_type"] = "upload";
        resource["size"] = part.Data.Length;
        resource["mimetype"] = Mimetype(part.FileName);
        resource["last_modified"] = FakeCkanStore.FormatTimestamp(DateTime.UtcNow);
    }

    private static bool Truthy(JsonNode node) => node is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : v.TryGetValue<string>(out var s) ? s.Length > 0 : v.ToJsonString() is not ("0" or "0.0"));

    /// <summary>Keeps the file once the resource has its id (callers hold Gate).</summary>
    public static void Store(ActionContext ctx, string resourceId)
    {
        if (ctx.Upload is { Field: "upload" } part) ctx.Store.ResourceFiles[resourceId] = part.Data;
    }

    /// <summary>
    /// Organization and group images (ckan.upload.group.mimetypes: PNG, GIF, JPEG): the type the file
    /// name declares, then the type the bytes show, must be one of them ("Unsupported upload type: …",
    /// keyed image_upload); 2 MB at most (that error is keyed upload).
    /// </summary>
    public static void CheckImage(ActionContext ctx)
    {
        if (ctx.Upload is not { Field: "image_upload" } part) return;
        if (Mimetype(part.FileName) is { } declared && !declared.StartsWith("image/", StringComparison.Ordinal))
            throw CkanActionException.Validation("image_upload", $"Unsupported upload type: {declared}");
        if (ImageType(part.Data) is null) throw CkanActionException.Validation("image_upload", $"Unsupported upload type: {Sniff(part.Data)}");
        if (part.Data.Length > 2 * 1024 * 1024) throw CkanActionException.Validation("upload", "File upload too large");
    }

    /// <summary>
    /// The stored name is the upload time then the file name as munge_filename_legacy leaves it (case
    /// kept, spaces as dashes), its extension the one of the type the bytes show, as recorded:
    /// "Group Logo.PNG" → 2026-12-01-090650.123456Group-Logo.png.
    /// </summary>
    public static void ApplyImage(ActionContext ctx, JsonObject group)
    {
        if (ctx.Upload is not { Field: "image_upload" } part) return;
        var name = LegacyMunge(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + part.FileName);
        if (ImageType(part.Data) is { } type) name = Path.ChangeExtension(name, type == "image/jpeg" ? ".jpg" : "." + type[6..]);
        group["image_url"] = name;
        ctx.Store.GroupImages[name] = part.Data;
    }

    private static string LegacyMunge(string name)
    {
        var munged = LegacyUnsafe().Replace(name.Trim(), "").Replace(' ', '-');
        return munged.Length > 100 ? munged[..100] : munged.PadRight(3, '_');
    }

    /// <summary>What libmagic would call bytes that are not an image, near enough: CSV, plain text, or binary.</summary>
    private static string Sniff(byte[] data)
    {
        string text;
        try { text = new System.Text.UTF8Encoding(false, true).GetString(data); }
        catch (System.Text.DecoderFallbackException) { return "application/octet-stream"; }
        if (text.Contains('\0', StringComparison.Ordinal)) return "application/octet-stream";
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length > 1 && lines[0].Contains(',', StringComparison.Ordinal) && lines[1].Count(c => c == ',') == lines[0].Count(c => c == ',') ? "text/csv" : "text/plain";
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

    [GeneratedRegex(@"[^a-zA-Z0-9.\- ]")]
    private static partial Regex LegacyUnsafe();

    [GeneratedRegex("-+")]
    private static partial Regex Dashes();
}
