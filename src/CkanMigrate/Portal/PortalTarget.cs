using CkanMigrate.Ckan;

namespace CkanMigrate.Portal;

/// <summary>The site a portal kind is loaded into, and whether this load only plans (writes nothing).</summary>
internal sealed record PortalTarget(CkanClient Client, CkanSiteInfo Site, bool DryRun);
