using System.Text.RegularExpressions;
using FakeCkan.Actions;
using Microsoft.AspNetCore.Http;

namespace FakeCkan;

/// <summary>
/// CKAN's file routes: <c>/dataset/ID/resource/RID/download/NAME</c> (the name is not checked) serves
/// an uploaded resource's file inline under the name asked for, a link resource answers 302 to its
/// URL, an upload with no file behind it answers 500, and a private dataset's file is refused (403
/// HTML page) to anyone who may not read the dataset, as recorded on 2.10 and 2.11. Each download
/// is counted as the pseudo-action "download".
/// </summary>
internal static partial class Downloads
{
    public sealed record Route(string DatasetId, string ResourceId, string? FileName);

    [GeneratedRegex("^/uploads/(?<folder>group|admin|showcase|page_images)/(?<file>[^/]+)$")]
    private static partial Regex ImageRoute();

    /// <summary>/uploads/group/FILE: an organization's or group's uploaded image, public to all; admin/ (the site logo), showcase/ and page_images/ alike.</summary>
    public static async Task<bool> TryServeImageAsync(HttpContext http, FakeCkanServer server, string path)
    {
        if (ImageRoute().Match(path) is not { Success: true } m) return false;
        server.Calls.Count("download");
        byte[]? data;
        var (folder, file) = (m.Groups["folder"].Value, Uri.UnescapeDataString(m.Groups["file"].Value));
        lock (server.Store.Gate) data = folder == "group" ? server.Store.GroupImages.GetValueOrDefault(file) : server.Store.Portal.Files.GetValueOrDefault((folder, file));
        if (data is null)
        {
            await ErrorPage.WriteAsync(http, 404, server.Options.SiteTitle).ConfigureAwait(false);
            return true;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = Uploads.ImageType(data) ?? "application/octet-stream";
        http.Response.Headers.ContentDisposition = "inline; filename=" + m.Groups["file"].Value;
        http.Response.ContentLength = data.Length;
        await http.Response.Body.WriteAsync(data).ConfigureAwait(false);
        return true;
    }

    public static Route? Match(string path) =>
        ResourceRoute().Match(path) is { Success: true } m
            ? new Route(m.Groups["id"].Value, m.Groups["rid"].Value, m.Groups["name"].Success ? m.Groups["name"].Value : null)
            : null;

    /// <summary>Flask's redirect: 302, the Location, and a small HTML page titled "Redirecting...".</summary>
    private static async Task RedirectAsync(HttpContext http, string location)
    {
        http.Response.StatusCode = 302;
        http.Response.Headers.Location = location;
        http.Response.ContentType = "text/html; charset=utf-8";
        var link = System.Net.WebUtility.HtmlEncode(location);
        await http.Response.WriteAsync($"<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{link}\">{link}</a>. If not, click the link.\n").ConfigureAwait(false);
    }

    public static async Task ServeAsync(HttpContext http, FakeCkanServer server, Route route)
    {
        // HEAD, as Flask answers it for any GET route: the same status and headers, no body.
        var head = HttpMethods.IsHead(http.Request.Method);
        server.Calls.Count(head ? "download-head" : "download");
        if (server.RedirectDownloadsTo is { } storage)
        {
            http.Response.StatusCode = 302;
            http.Response.Headers.Location = new Uri(storage, http.Request.Path.Value!.TrimStart('/')).AbsoluteUri;
            return;
        }
        var caller = server.Authenticate(http.Request);
        byte[]? data;
        string? mimetype, redirect = null;
        var forbidden = false;
        lock (server.Store.Gate)
        {
            var d = server.Store.FindDataset(route.DatasetId);
            var r = (d?["resources"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>()
                .FirstOrDefault(x => FakeCkanStore.Str(x, "id") == route.ResourceId);
            if (d is null || r is null || FakeCkanStore.Str(d, "state") == "deleted")
            {
                data = null;
                mimetype = null;
            }
            else
            {
                var ctx = new ActionContext(server.Store, server.Options, server.Version, [], caller, "");
                if (!DatasetReadActions.CanRead(ctx, d))
                {
                    forbidden = true;
                    data = null;
                    mimetype = null;
                }
                else
                {
                    if (FakeCkanStore.Str(r, "url_type") != "upload") redirect = Render.LinkUrl(server.Version, FakeCkanStore.Str(r, "url"));
                    data = server.Store.ResourceFiles.GetValueOrDefault(route.ResourceId);
                    mimetype = FakeCkanStore.Str(r, "mimetype");
                }
            }
        }
        if (forbidden)
        {
            await ErrorPage.WriteAsync(http, 403, server.Options.SiteTitle).ConfigureAwait(false); // "Unauthorized to read resource"
            return;
        }
        if (redirect is not null)
        {
            await RedirectAsync(http, redirect).ConfigureAwait(false);
            return;
        }
        if (mimetype is null && data is null)
        {
            await ErrorPage.WriteAsync(http, 404, server.Options.SiteTitle).ConfigureAwait(false);
            return;
        }
        if (data is null)
        {
            await ErrorPage.WriteAsync(http, 500, server.Options.SiteTitle).ConfigureAwait(false); // url_type upload with nothing stored
            return;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = mimetype ?? "application/octet-stream";
        http.Response.ContentLength = data.Length;
        http.Response.Headers.ContentDisposition = "inline; filename=" + (route.FileName ?? "");
        if (head) return;
        if (server.Faults.TakeCutDownload())
        {
            await http.Response.Body.WriteAsync(data.AsMemory(0, data.Length / 2)).ConfigureAwait(false);
            await http.Response.Body.FlushAsync().ConfigureAwait(false);
            http.Abort();
            return;
        }
        await http.Response.Body.WriteAsync(data).ConfigureAwait(false);
    }

    [GeneratedRegex("^/dataset/(?<id>[^/]+)/resource/(?<rid>[^/]+)/download(/(?<name>[^/]*))?$")]
    private static partial Regex ResourceRoute();
}
