using CkanMigrate.Ckan;

namespace CkanMigrate.Portal;

/// <summary>The site a portal kind is loaded into, whether this load only plans (writes nothing), and where the records' uploaded files are (or null).</summary>
internal sealed record PortalTarget(CkanClient Client, CkanSiteInfo Site, bool DryRun, string? FilesFolder = null);
