using CkanMigrate.Entities;

namespace CkanMigrate.Profiles;

/// <summary>
/// The kinds a profile can name, as CKAN migrations call them: the five the tool moves today and the
/// ones being added (views, vocabularies, showcases, pages). A key that is none of these is refused,
/// so a misspelt kind is not silently left unconverted.
/// </summary>
internal static class ProfileKinds
{
    public static readonly string[] Names =
        ["users", "organizations", "groups", "datasets", "harvest-sources", "views", "vocabularies", "showcases", "pages"];

    /// <summary>Keys of a profile that are settings, not kinds.</summary>
    public static readonly string[] Settings = ["name", "description", "functions"];

    public static string NameOf(EntityKind kind) => kind switch
    {
        EntityKind.Users => "users",
        EntityKind.Organizations => "organizations",
        EntityKind.Groups => "groups",
        EntityKind.Datasets => "datasets",
        EntityKind.HarvestSources => "harvest-sources",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
