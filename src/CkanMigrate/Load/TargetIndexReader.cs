using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Reporting;

namespace CkanMigrate.Load;

/// <summary>
/// Reads what the target already holds, in as few calls as CKAN allows: package_search pages of
/// 1000 for datasets, one user_list for users, all_fields list pages (CKAN caps them at 25) for
/// organizations and groups. Returns null where the version cannot list everything in bulk
/// (private datasets before 2.6, unpaged group lists before 2.5): the loader then shows per record.
/// </summary>
internal sealed class TargetIndexReader(CkanClient client, CkanSiteInfo site)
{
    /// <summary>
    /// How many records of the kind the target holds, where one cheap call tells (datasets and
    /// harvest sources: package_search with rows 0); null where it does not, or where the bulk read
    /// is not possible anyway.
    /// </summary>
    public async Task<long?> CountAsync(EntityDescriptor entity, CancellationToken cancellationToken)
    {
        if (entity.Kind is not (EntityKind.Datasets or EntityKind.HarvestSources) || !site.Capabilities.SearchIncludePrivate || !client.HasApiKey) return null;
        var parameters = new JsonObject { ["q"] = "*:*", ["rows"] = 0, ["facet"] = "false", ["include_private"] = true };
        if (site.Capabilities.SearchIncludeDrafts) parameters["include_drafts"] = true;
        if (entity.Kind == EntityKind.HarvestSources) parameters["fq"] = "+dataset_type:harvest";
        var page = await client.CallAsync("package_search", parameters, cancellationToken).ConfigureAwait(false) as JsonObject;
        return page?["count"]?.GetValue<long>();
    }

    public async Task<TargetIndex?> ReadAsync(EntityDescriptor entity, CancellationToken cancellationToken)
    {
        var index = new TargetIndex(entity.Kind);
        switch (entity.Kind)
        {
            case EntityKind.Datasets or EntityKind.HarvestSources:
                if (!site.Capabilities.SearchIncludePrivate || !client.HasApiKey) return null;
                var pager = new PackageSearchPager(client, site, 1000);
                var fq = entity.Kind == EntityKind.HarvestSources ? "+dataset_type:harvest" : null;
                await foreach (var item in pager.ReadAllAsync(new ProgressCounter("target"), fq, cancellationToken).ConfigureAwait(false))
                    if (item.Record is { } record) index.Add(record);
                return index;

            case EntityKind.Organizations or EntityKind.Groups:
                if (!site.Capabilities.GroupListPaging) return null;
                for (var offset = 0; ;)
                {
                    var page = await client.CallAsync(entity.ListAction, new JsonObject
                    {
                        ["all_fields"] = true,
                        ["include_extras"] = true,
                        ["include_users"] = true,
                        ["include_groups"] = true, // the hierarchy is compared (parents of an organization)
                        ["sort"] = "name asc",
                        ["limit"] = 1000,
                        ["offset"] = offset,
                    }, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
                    foreach (var row in page.OfType<JsonObject>()) index.Add(row);
                    if (page.Count == 0) return index;
                    offset += page.Count;
                }

            case EntityKind.Users:
                var parameters = new JsonObject();
                if (site.Capabilities.UserListNamesOnly) parameters["all_fields"] = true;
                var users = await client.CallAsync("user_list", parameters, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
                foreach (var user in users.OfType<JsonObject>()) index.Add(user);
                return index;

            default:
                return null;
        }
    }
}
