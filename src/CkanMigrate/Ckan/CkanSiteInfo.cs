namespace CkanMigrate.Ckan;

/// <summary>What status_show told us about a site at the start of a run.</summary>
public sealed record CkanSiteInfo(string? CkanVersion, string? SiteTitle, IReadOnlyList<string> Extensions,
    CkanCapabilities Capabilities)
{
    /// <summary>What the key can do here (see <see cref="KeyCheck"/>).</summary>
    public KeyAccess Key { get; init; } = KeyAccess.None;

    /// <summary>
    /// The site's own address as it reports it (status_show's site_url, CKAN's ckan.site_url): the
    /// same whichever URL reached it (a proxy, an alias, http or https), so it names the site in
    /// what a run remembers about it.
    /// </summary>
    public string? SiteUrl { get; init; }

    /// <summary>Whether the key may send password hashes and ids on create: only a sysadmin's (a non-sysadmin's hash wipes the stored one).</summary>
    public bool WritesAsSysadmin => Key.Sysadmin;

    public bool HasExtension(string name) => Extensions.Contains(name, StringComparer.OrdinalIgnoreCase);
}
