using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// The one list of what a load never sends and a comparison never looks at, per kind: fields the
/// server computes or manages itself (spec/ckan-api.md §6.1, §6.3, §7), each with its reason.
/// Every other field a record holds is sent, and compared with what the target returns.
/// </summary>
internal static class ServerManagedFields
{
    private static readonly ManagedField[] DatasetFields =
    [
        new("id", "the match key, not a value: a target may have given the record its own id"),
        new("revision_id", "CKAN's revision of the record (≤2.8), set on every write"),
        new("revision_timestamp", "set with revision_id"),
        new("metadata_created", "set by the server on create"),
        new("metadata_modified", "set by the server on every write"),
        new("creator_user_id", "the account that created the record on this site"),
        new("num_resources", "a count of resources, computed on show"),
        new("num_tags", "a count of tags, computed on show"),
        new("isopen", "computed from the licence"),
        new("license_title", "the licence register's title for license_id"),
        new("license_url", "the licence register's URL for license_id"),
        new("tracking_summary", "page-view counts kept by the site"),
        new("organization", "a display copy of the owner organization (owner_org is what is stored)"),
        new("relationships_as_subject", "dataset relationships are written through their own actions"),
        new("relationships_as_object", "dataset relationships are written through their own actions"),
        new("status", "ckanext-harvest's job status, added on show"),
    ];

    /// <summary>Columns of the legacy harvest_source table (the DGU fork) that ckanext-harvest's source schema has no place for.</summary>
    private static readonly ManagedField[] HarvestSourceFields =
    [
        .. DatasetFields,
        new("active", "harvest_source_show's view of state"),
        new("created", "a legacy harvest_source row's creation time; the target sets metadata_created"),
        new("next_run", "the legacy scheduler's next run, recomputed by the target's scheduler"),
        new("publisher_id", "a legacy row's organization id; owner_org carries the organization"),
        new("publisher_name", "a legacy row's organization name; owner_org carries the organization"),
        new("publisher_title", "a legacy row's organization title, a display copy"),
        new("user_id", "the legacy account that created the source on the old site"),
        new("is_organization", "a legacy row's flag; harvest sources are datasets on the target"),
        new("description", "a legacy row's text; the converter carries it as notes"),
        new("type", "the dataset type, always harvest on the target (source_type holds the harvester)"),
    ];

    private static readonly ManagedField[] ResourceFields =
    [
        new("id", "CKAN gives a new id to a resource whose id repeats one already used"),
        new("revision_id", "CKAN's revision of the resource (≤2.8)"),
        new("revision_timestamp", "set with revision_id"),
        new("resource_group_id", "a ≤2.2 internal grouping"),
        new("package_id", "the dataset the resource belongs to, implied by where it is"),
        new("position", "implied by the resource's place in the list"),
        new("state", "resources are active while their dataset lists them"),
        new("tracking_summary", "download counts kept by the site"),
        new("datastore_active", "set by the DataStore when a table exists"),
        new("metadata_modified", "set by the server on every write"),
        new("cache_url", "a legacy cache location, set by the old site's archiver"),
        new("cache_last_updated", "set with cache_url"),
        new("webstore_url", "a legacy webstore location, set by the old site"),
        new("webstore_last_updated", "set with webstore_url"),
    ];

    private static readonly ManagedField[] GroupFields =
    [
        new("id", "the match key, not a value"),
        new("created", "set by the server on create"),
        new("display_name", "the title, or the name when there is no title"),
        new("image_display_url", "the image URL as the site serves it"),
        new("package_count", "a count of datasets, computed on show"),
        new("num_followers", "a count of followers, computed on show"),
        new("member_count", "a count of members, computed on show"),
        new("revision_id", "CKAN's revision of the record (≤2.8)"),
        new("packages", "the datasets of the group, written through the datasets"),
        new("is_organization", "fixed by the action used (organization_* or group_*)"),
        new("type", "fixed on create; CKAN refuses to change it"),
    ];

    private static readonly ManagedField[] UserFields =
    [
        new("id", "the match key, not a value"),
        new("created", "set by the server on create"),
        new("last_active", "the account's last request on this site"),
        new("number_created_packages", "a count, computed on show"),
        new("number_of_edits", "a count, computed on show (≤2.8)"),
        new("number_administered_packages", "a count, computed on show (≤2.8)"),
        new("email_hash", "an MD5 of the e-mail, computed on show"),
        new("display_name", "the full name, or the name when there is none"),
        new("apikey", "a legacy per-site key; never moved between sites"),
        new("image_display_url", "the image URL as the site serves it"),
        new("activity", "the activity stream, written by the site as things happen"),
        new("datasets", "the user's datasets, written through the datasets"),
        new("openid", "a legacy login binding to the old site"),
        new("reset_key", "a pending password-reset token of the old site"),
    ];

    /// <summary>Extras that ckanext-harvest adds to a harvested dataset on show; they are not stored rows.</summary>
    public static readonly IReadOnlyList<ManagedField> ComputedExtras =
    [
        new("harvest_object_id", "the harvest object behind the dataset, added on show"),
        new("harvest_source_id", "the harvest source behind the dataset, added on show"),
        new("harvest_source_title", "the harvest source's title, added on show"),
    ];

    /// <summary>
    /// Resource fields the server fills with its own value when the record has none: compared when
    /// the record has them, ignored when it does not (ServerFillsWhenAbsent).
    /// </summary>
    public static readonly IReadOnlyList<ManagedField> ResourceFilledWhenAbsent =
    [
        new("created", "CKAN sets the time of the write when a resource arrives without one"),
        new("format", "CKAN guesses it from the URL's extension when a new resource has none (if_empty_guess_format)"),
    ];

    public static IReadOnlyList<ManagedField> Resource => ResourceFields;

    public static IReadOnlyList<ManagedField> For(EntityKind kind) => kind switch
    {
        EntityKind.Datasets => DatasetFields,
        EntityKind.HarvestSources => HarvestSourceFields,
        EntityKind.Organizations or EntityKind.Groups => GroupFields,
        EntityKind.Users => UserFields,
        _ => [],
    };

    private static readonly HashSet<string> ComputedExtraNames = new(ComputedExtras.Select(f => f.Name), StringComparer.Ordinal);

    public static bool IsComputedExtra(string key) => ComputedExtraNames.Contains(key);
}
