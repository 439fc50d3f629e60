using System.Net;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;

namespace CkanMigrate.WorkFolders;

/// <summary>
/// Who one end of a migration is: a site — the URL given, and the site_url it reports of itself in
/// status_show (the same behind a proxy, an alias, http or https) — or a folder, by its absolute
/// path. A work folder records both ends, so that it is never used for another pair.
/// </summary>
/// <param name="Url">the site's URL as given (normalised), for a site</param>
/// <param name="SiteUrl">what the site says it is (status_show's site_url, normalised), when it says</param>
/// <param name="Folder">the absolute path, for a folder</param>
internal sealed record EndIdentity(string? Url, string? SiteUrl, string? Folder)
{
    public static EndIdentity Of(Endpoint endpoint, CkanSiteInfo? site) => endpoint.IsCkan
        ? new EndIdentity(Normal(endpoint.Url!.AbsoluteUri), site?.SiteUrl is { Length: > 0 } reported ? Normal(reported) : null, null)
        : new EndIdentity(null, null, Path.TrimEndingDirectorySeparator(Path.GetFullPath(endpoint.Folder!)));

    public bool IsSite => Folder is null;

    /// <summary>
    /// What names a source site in the ids derived for a target that refuses its ids
    /// (<see cref="Ids.DerivedIds"/>): the site_url it reports, else the URL given; null for a folder.
    /// </summary>
    public string? IdSite => IsSite ? SiteUrl ?? Url : null;

    /// <summary>
    /// The same end: the same folder; or the same site — reached at the same URL without it saying
    /// it is another one, or at another URL that it reports under the same site_url, as long as that
    /// site_url names the site (a default such as http://localhost:5000 is shared by many sites).
    /// </summary>
    public bool IsSameAs(EndIdentity other)
    {
        if (!IsSite || !other.IsSite) return Folder is not null && Folder == other.Folder;
        var bothReported = SiteUrl is not null && other.SiteUrl is not null;
        if (Url == other.Url) return !bothReported || SiteUrl == other.SiteUrl;
        return bothReported && SiteUrl == other.SiteUrl && NamesOneSite(SiteUrl!);
    }

    /// <summary>A site_url with a real host name (not loopback, an address, or a single-label name a container gives).</summary>
    private static bool NamesOneSite(string siteUrl) =>
        Uri.TryCreate(siteUrl, UriKind.Absolute, out var uri) && !uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns
        && uri.Host.Contains('.', StringComparison.Ordinal) && !IPAddress.TryParse(uri.Host, out _);

    /// <summary>Lower-case scheme and host, no default port, no trailing slash: one spelling per address.</summary>
    private static string Normal(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/') : url.Trim().TrimEnd('/');

    public override string ToString() => Folder ?? (SiteUrl is not null && SiteUrl != Url ? $"{Url} (site_url {SiteUrl})" : Url!);

    public JsonObject ToJson() => new() { ["url"] = Url, ["site_url"] = SiteUrl, ["folder"] = Folder };

    public static EndIdentity FromJson(JsonNode? node) =>
        new(node?["url"]?.GetValue<string>(), node?["site_url"]?.GetValue<string>(), node?["folder"]?.GetValue<string>());
}
