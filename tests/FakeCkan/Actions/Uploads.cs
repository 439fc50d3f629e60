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
