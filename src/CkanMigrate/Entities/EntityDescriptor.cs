namespace CkanMigrate.Entities;

/// <summary>
/// The CKAN actions and naming of one entity kind. Dump, load and verify look actions up here
/// rather than spelling them, so every stage agrees on what "organizations" means.
/// </summary>
public sealed record EntityDescriptor(
    EntityKind Kind,
    string CliName,
    string Singular,
    string ListAction,
    string ShowAction,
    string CreateAction,
    string UpdateAction,
    string? PatchAction,
    string DeleteAction)
{
    public static readonly EntityDescriptor Users = new(EntityKind.Users, "users", "user",
        "user_list", "user_show", "user_create", "user_update", "user_patch", "user_delete");

    public static readonly EntityDescriptor Organizations = new(EntityKind.Organizations, "organizations", "organization",
        "organization_list", "organization_show", "organization_create", "organization_update", "organization_patch", "organization_delete");

    public static readonly EntityDescriptor Groups = new(EntityKind.Groups, "groups", "group",
        "group_list", "group_show", "group_create", "group_update", "group_patch", "group_delete");

    public static readonly EntityDescriptor Datasets = new(EntityKind.Datasets, "datasets", "dataset",
        "package_list", "package_show", "package_create", "package_update", "package_patch", "package_delete");

    public static readonly EntityDescriptor HarvestSources = new(EntityKind.HarvestSources, "harvest-sources", "harvest source",
        "harvest_source_list", "harvest_source_show", "harvest_source_create", "harvest_source_update", null, "harvest_source_delete");

    /// <summary>All kinds in load order: users before the organizations that list them, and so on.</summary>
    public static readonly IReadOnlyList<EntityDescriptor> InLoadOrder = [Users, Organizations, Groups, Datasets, HarvestSources];

    public static EntityDescriptor For(EntityKind kind) => InLoadOrder.First(d => d.Kind == kind);

    public static bool TryParse(string name, out EntityDescriptor descriptor)
    {
        var key = name.Trim().ToLowerInvariant();
        descriptor = InLoadOrder.FirstOrDefault(d => d.CliName == key || d.Singular.Replace(' ', '-') == key)!;
        return descriptor is not null;
    }

    /// <summary>organization_* and group_* share CKAN's group machinery.</summary>
    public bool IsGroupLike => Kind is EntityKind.Organizations or EntityKind.Groups;

    public override string ToString() => CliName;
}
