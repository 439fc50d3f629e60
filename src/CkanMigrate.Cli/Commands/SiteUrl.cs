using System.Net;

namespace CkanMigrate.Cli.Commands;

/// <summary>Checks a site URL and whether a key may travel to it.</summary>
internal static class SiteUrl
{
    private static readonly string[] ApiPaths = ["/api/3/action", "/api/action", "/api/3", "/api"];

    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"'{text}' is not an http(s) URL of a CKAN site");
        if (!string.IsNullOrEmpty(url.UserInfo))
            throw new UsageException("put the API key in --api-key or $CKAN_API_KEY, not in the URL");
        // ckanapi takes the site root too; a URL copied from the API docs often carries the API path.
        var path = url.AbsolutePath.TrimEnd('/') + "/";
        foreach (var apiPath in ApiPaths)
            if (path.IndexOf(apiPath + "/", StringComparison.OrdinalIgnoreCase) is var at and >= 0)
            {
                var root = new UriBuilder(url) { Path = path[..at] + "/", Query = "" }.Uri;
                throw new UsageException($"'{text}' is the API's address; give the site's base URL: {root.AbsoluteUri}");
            }
        return url;
    }

    /// <summary>A key over plain http can be read by anyone on the path; only this machine is exempt.</summary>
    public static void CheckKeyTransport(Uri url, string? key, bool allowInsecureHttp)
    {
        if (key is null || url.Scheme == Uri.UriSchemeHttps || allowInsecureHttp || IsLoopback(url)) return;
        throw new UsageException($"refusing to send the API key over plain http to {url.Host}; use https or --allow-insecure-http");
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
