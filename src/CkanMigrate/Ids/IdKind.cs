namespace CkanMigrate.Ids;

/// <summary>
/// The CKAN tables ids belong to: a derived id is made per table, so a dataset and a resource that
/// share a legacy id at the source get different ids on the target. Datasets, harvest sources and
/// showcases are packages; organizations and groups are groups.
/// </summary>
internal enum IdKind
{
    Package,
    Resource,
    Group,
    User,
}
