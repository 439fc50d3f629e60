namespace CkanMigrate.Entities;

/// <summary>The kinds of CKAN object a migration moves, in the order they must be loaded.</summary>
public enum EntityKind
{
    Users,
    Organizations,
    Groups,
    Datasets,
    HarvestSources,
}
