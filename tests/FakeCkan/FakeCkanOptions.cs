namespace FakeCkan;

/// <summary>How a FakeCkan instance behaves: which CKAN version it imitates and its configured caps.</summary>
public sealed record FakeCkanOptions
{
    /// <summary>A CKAN 2.2 site: no paging of org lists, no include_private/include_drafts, legacy keys.</summary>
    public const string Legacy = "2.2.4";

    /// <summary>A CKAN 2.10 site: tokens only, silent list caps, full-replace updates.</summary>
    public const string Modern = "2.10.10";

    /// <summary>
    /// A CKAN 2.11 site (recorded on 2.11.5): ids set on create must be UUIDs, the token is read from
    /// one configured header only, and the DataStore's messages and echoes changed.
    /// </summary>
    public const string Ckan211 = "2.11.5";

    /// <summary>
    /// CKAN 2.12 (unreleased, from ckan master's source): a sysadmin may set a dataset's
    /// metadata_modified, api_token_create takes id, created_at and last_access, and datastore_search
    /// pages by next_page (see Actions/Ckan212).
    /// </summary>
    public const string Ckan212 = "2.12.0";

    public string CkanVersion { get; init; } = Modern;

    /// <summary>The key (token) of the sysadmin user <see cref="SysadminName"/>.</summary>
    public string SysadminToken { get; init; } = "sysadmin-token-0123456789";

    public string SysadminName { get; init; } = "admin";

    public string SysadminEmail { get; init; } = "admin@example.org";

    /// <summary>ckan.search.rows_max.</summary>
    public int RowsMax { get; init; } = 1000;

    /// <summary>ckan.max_resource_size, in bytes (CKAN's default is 10 MiB).</summary>
    public long MaxResourceSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>ckan.group_and_organization_list_max.</summary>
    public int GroupListMax { get; init; } = 1000;

    /// <summary>ckan.group_and_organization_list_all_fields_max.</summary>
    public int GroupListAllFieldsMax { get; init; } = 25;

    /// <summary>Registered harvester types (for harvest_source_create validation).</summary>
    public IReadOnlyList<string> HarvesterTypes { get; init; } = ["ckan", "csw", "waf", "dcat_rdf", "single-doc", "inventory", "dcat_json"];

    /// <summary>
    /// The header CKAN reads the API token from: apitoken_header_name on 2.11 (default Authorization,
    /// and no other header is read), apikey_header_name before (default X-CKAN-API-Key, with
    /// Authorization as a fallback). Null: the version's default.
    /// </summary>
    public string? ApiTokenHeaderName { get; init; }

    /// <summary>status_show's site_title.</summary>
    public string SiteTitle { get; init; } = "FakeCkan";

    /// <summary>Whether the ckanext-harvest plugin is loaded.</summary>
    public bool HarvestPlugin { get; init; } = true;

    /// <summary>Whether the datastore plugin is loaded (its actions, and datastore_active on every resource shown).</summary>
    public bool DataStorePlugin { get; init; } = true;

    /// <summary>
    /// The resource view plugins loaded (CKAN's image_view, text_view, datatables_view, webpage_view),
    /// in the ini's order, which status_show's extension list follows. A view of a type not loaded
    /// is refused on create and left out of resource_view_list.
    /// </summary>
    public IReadOnlyList<string> ViewPlugins { get; init; } = ["image_view", "text_view", "datatables_view", "webpage_view"];

    /// <summary>ckan.views.default_views: the views CKAN makes by itself on a new resource (among the loaded ones).</summary>
    public IReadOnlyList<string> DefaultViews { get; init; } = ["image_view", "datatables_view"];

    /// <summary>Whether the activity plugin is loaded (activity streams, activity_create).</summary>
    public bool ActivityPlugin { get; init; } = true;

    /// <summary>Whether ckanext-showcase (1.8) is loaded: showcases are datasets of type showcase.</summary>
    public bool ShowcasePlugin { get; init; } = true;

    /// <summary>Whether ckanext-pages is loaded (pages and blog posts).</summary>
    public bool PagesPlugin { get; init; } = true;

    /// <summary>ckan.auth.allow_dataset_collaborators.</summary>
    public bool AllowDatasetCollaborators { get; init; } = true;

    /// <summary>ckan.auth.allow_admin_collaborators: whether "admin" is a collaborator capacity.</summary>
    public bool AllowAdminCollaborators { get; init; }

    /// <summary>
    /// Imitates the new data.gov.uk target's ckanext-datagovuk plugin: dataset fields the default
    /// schema does not know are kept (its schema stores the profile's fields), author and maintainer
    /// e-mails are free text, and user names need not follow CKAN's name rules (e-mail names).
    /// </summary>
    public bool DataGovUkPlugin { get; init; }

    /// <summary>A fresh DataStore that makes its json column type on first use, unsafely under concurrency (see <see cref="JsonTypeRace"/>).</summary>
    public bool LazyJsonType { get; init; }

    /// <summary>ckan.site_url, as status_show reports it and links are made with; null: the address it listens on.</summary>
    public string? SiteUrl { get; init; }

    /// <summary>Also listen on a second loopback port (<see cref="FakeCkanServer.AliasUrl"/>): the same site reached another way, as through a proxy.</summary>
    public bool AliasPort { get; init; }

    /// <summary>Serve HTTPS with a freshly made self-signed certificate (to test TLS verification).</summary>
    public bool Https { get; init; }

    /// <summary>Shortcuts for the modes tests use most.</summary>
    public static FakeCkanOptions LegacyMode() => new() { CkanVersion = Legacy };

    public static FakeCkanOptions ModernMode() => new() { CkanVersion = Modern };

    public static FakeCkanOptions Ckan211Mode() => new() { CkanVersion = Ckan211 };

    public static FakeCkanOptions Ckan212Mode() => new() { CkanVersion = Ckan212 };
}
