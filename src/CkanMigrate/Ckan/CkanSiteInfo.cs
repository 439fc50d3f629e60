namespace CkanMigrate.Ckan;

/// <summary>What status_show told us about a site at the start of a run.</summary>
public sealed record CkanSiteInfo(string? CkanVersion, string? SiteTitle, IReadOnlyList<string> Extensions,
    CkanCapabilities Capabilities)
{
    public bool HasExtension(string name) => Extensions.Contains(name, StringComparer.OrdinalIgnoreCase);
}
