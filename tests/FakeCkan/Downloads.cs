using System.Text.RegularExpressions;
using FakeCkan.Actions;
using Microsoft.AspNetCore.Http;

namespace FakeCkan;

/// <summary>
/// CKAN's file routes: <c>/dataset/ID/resource/RID/download/NAME</c> (the name is not checked) serves
/// an uploaded resource's file, a link resource answers 302 to its URL, an upload with no file
/// behind it answers 500, and a private dataset's file is refused (403 HTML page) to anyone who may
/// not read the dataset, as recorded on 2.10. Each download is counted as the pseudo-action "download".
/// </summary>
internal static partial class Downloads
{
    public sealed record Route(string DatasetId, string ResourceId);

    [GeneratedRegex("^/uploads/(?<folder>group|admin|showcase)/(?<file>[^/]+)$")]
    private static partial Regex ImageRoute();

    /// <summary>/uploads/group/FILE: an organization's or group's uploaded image, public to all; admin/ (the site logo) and showcase/ alike.</summary>
    public static async Task<bool> TryServeImageAsync(HttpContext http, FakeCkanServer server, string path)
    {
        if (ImageRoute().Match(path) is not { Success: true } m) return false;
        server.Calls.Count("download");
        byte[]? data;
        var (folder, file) = (m.Groups["folder"].Value, Uri.UnescapeDataString(m.Groups["file"].Value));
        lock (server.Store.Gate) data = folder == "group" ? server.Store.GroupImages.GetValueOrDefault(file) : server.Store.Portal.Files.GetValueOrDefault((folder, file));
        if (data is null)
        {
            http.Response.StatusCode = 404;
            return true;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = Uploads.ImageType(data) ?? "application/octet-stream";
        http.Response.ContentLength = data.Length;
        await http.Response.Body.WriteAsync(data).ConfigureAwait(false);
        return true;
    }

    public static Route? Match(string path) =>
        ResourceRoute().Match(path) is { Success: true } m ? new Route(m.Groups["id"].Value, m.Groups["rid"].Value) : null;

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
                    http.Response.StatusCode = 403; // CKAN's "Unauthorized to read resource" page (body left out)
                    http.Response.ContentType = "text/html; charset=utf-8";
                    return;
                }
                if (FakeCkanStore.Str(r, "url_type") != "upload") redirect = FakeCkanStore.Str(r, "url");
                data = server.Store.ResourceFiles.GetValueOrDefault(route.ResourceId);
                mimetype = FakeCkanStore.Str(r, "mimetype");
            }
        }
        if (redirect is not null)
        {
            http.Response.StatusCode = 302;
            http.Response.Headers.Location = redirect;
            return;
        }
        if (mimetype is null && data is null)
        {
            http.Response.StatusCode = 404;
            if (!head) await http.Response.WriteAsync("<html><body>404 Not Found</body></html>").ConfigureAwait(false);
            return;
        }
        if (data is null)
        {
            http.Response.StatusCode = 500; // url_type upload with nothing stored: what CKAN answers
            if (!head) await http.Response.WriteAsync("<html><body>Internal Server Error</body></html>").ConfigureAwait(false);
            return;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = mimetype ?? "application/octet-stream";
        http.Response.ContentLength = data.Length;
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

    [GeneratedRegex("^/dataset/(?<id>[^/]+)/resource/(?<rid>[^/]+)/download(/[^/]*)?$")]
    private static partial Regex ResourceRoute();
}
