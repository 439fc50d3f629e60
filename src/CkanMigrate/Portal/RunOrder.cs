using CkanMigrate.Entities;

namespace CkanMigrate.Portal;

/// <summary>
/// The order a run dumps and loads every kind in, as data: each after what it refers to. A new
/// portal kind takes its place here, and the run (dump, load, dry run, report, verify) follows.
/// </summary>
internal static class RunOrder
{
    public static readonly IReadOnlyList<RunKind> All =
    [
        EntityDescriptor.Users,
        EntityDescriptor.Organizations, // their members are users
        EntityDescriptor.Groups,
        PortalKinds.Vocabularies,       // before the datasets whose tags name them
        EntityDescriptor.Datasets,      // with their DataStore tables
        PortalKinds.Views,              // on the datasets' resources, after their tables (a table may bring a view)
        PortalKinds.Collaborators,      // datasets and users
        PortalKinds.Showcases,          // their datasets and admins (users)
        PortalKinds.Pages,
        EntityDescriptor.HarvestSources,
        PortalKinds.Followers,          // users, datasets, showcases, harvest sources, organizations, groups (only with --followers)
        PortalKinds.SiteConfig,         // the look, last (only with --site-config)
    ];
}
