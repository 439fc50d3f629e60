using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// What a portal holds besides datasets, organizations, groups and users, as CKAN keeps it in its
/// own tables: resource views, tag vocabularies, dataset collaborators, runtime site settings,
/// showcase links and admins (ckanext-showcase), pages (ckanext-pages), followers, API tokens and
/// the activity stream. One per site; actions use the rows under the store's lock, tests use the
/// public accessors (see PortalStore.Access.cs), which take it.
/// </summary>
public sealed partial class PortalStore
{
    private readonly FakeCkanStore _store;

    internal PortalStore(FakeCkanStore store) => _store = store;

    /// <summary>resource_view rows (the type's own fields in config).</summary>
    internal ViewTable Views { get; } = new();

    /// <summary>Vocabularies: id, name, tags [{id, name}] in the order they joined.</summary>
    internal List<JsonObject> Vocabularies { get; } = [];

    /// <summary>package_member rows: package_id, user_id, capacity, modified.</summary>
    internal List<JsonObject> Collaborators { get; } = [];

    /// <summary>Settings changed with config_option_update (system_info), by key; the rest come from the ini.</summary>
    internal Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>ckanext-showcase's association table: (showcase id, dataset id) in creation order.</summary>
    internal List<(string ShowcaseId, string PackageId)> ShowcaseDatasets { get; } = [];

    /// <summary>ckanext-showcase's admin table: user ids in creation order.</summary>
    internal List<string> ShowcaseAdmins { get; } = [];

    /// <summary>ckanext_pages rows (see PagesActions for the columns).</summary>
    internal List<JsonObject> Pages { get; } = [];

    /// <summary>Follower rows: kind (user, dataset, group), follower_id, object_id, datetime.</summary>
    internal List<JsonObject> Followers { get; } = [];

    /// <summary>api_token rows: id (the jti), name, user_id, created_at, last_access, and the token itself.</summary>
    internal List<JsonObject> ApiTokens { get; } = [];

    /// <summary>Every token api_token_create ever gave, revoked or not (for tests that check a client never shows one).</summary>
    internal List<string> Issued { get; } = [];

    /// <summary>Uploaded images by (folder, stored name): admin/ for the site logo, showcase/ for showcase images.</summary>
    internal Dictionary<(string Folder, string Name), byte[]> Files { get; } = [];

    /// <summary>The activity stream.</summary>
    internal ActivityTable Activities { get; } = new();

    /// <summary>A token was used to authenticate: CKAN notes when (api_token_list's last_access). Callers hold Gate.</summary>
    internal void TokenUsed(string token)
    {
        foreach (var row in ApiTokens)
            if (FakeCkanStore.Str(row, "token") == token) row["last_access"] = _store.Now();
    }
}
