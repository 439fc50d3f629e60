using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;
using CkanMigrate.Reporting;

namespace CkanMigrate.Dump;

/// <summary>
/// The "show" way of dumping: the kind's names from its list action (and, for datasets with a key,
/// the private ones each organization's member_list adds), then one *_show each, <c>-p</c> at once.
/// Names are sorted and de-duplicated, so the output order does not depend on the site's sort settings.
/// </summary>
internal sealed class ShowEachLister(CkanClient client, CkanSiteInfo site, DumpOptions options)
{
    public async IAsyncEnumerable<DumpItem> ReadAsync(ProgressCounter progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fetcher = new ShowFetcher(client, site, options.Entity);
        var keys = options.Keys.Count > 0 ? options.Keys.ToList() : await ListKeysAsync(cancellationToken).ConfigureAwait(false);
        progress.SetTotal(keys.Count);

        using var seenIds = new SeenKeys();
        await foreach (var item in OrderedParallel.SelectAsync(keys.ToAsyncEnumerable(), options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
        {
            if (item.Id is { } id) seenIds.Add(id);
            yield return item;
        }

        if (options.Entity.Kind != EntityKind.Datasets || options.Keys.Count > 0 || !client.HasApiKey) yield break;

        // Private datasets: ids from each organization's member_list that package_list did not name.
        var lister = new DatasetKeyLister(client, site, options.ListPageSize);
        var extra = FilterUnseen(lister.OrganizationDatasetIdsAsync(cancellationToken), seenIds, progress);
        await foreach (var item in OrderedParallel.SelectAsync(extra, options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    private static async IAsyncEnumerable<string> FilterUnseen(IAsyncEnumerable<string> ids, SeenKeys seen, ProgressCounter progress)
    {
        await foreach (var id in ids.ConfigureAwait(false))
        {
            if (seen.Contains(id)) continue;
            seen.Add(id);
            progress.AddToTotal(1);
            yield return id;
        }
    }

    private async Task<List<string>> ListKeysAsync(CancellationToken cancellationToken)
    {
        var entity = options.Entity;
        List<string> keys;
        switch (entity.Kind)
        {
            case EntityKind.Datasets:
                return await new DatasetKeyLister(client, site, options.ListPageSize).PublicNamesAsync(cancellationToken).ConfigureAwait(false);
            case EntityKind.Organizations or EntityKind.Groups:
                keys = [];
                await foreach (var name in GroupNameLister.ListAsync(client, site, entity.ListAction, options.ListPageSize, cancellationToken).ConfigureAwait(false))
                    keys.Add(name);
                break;
            case EntityKind.Users:
                var parameters = new JsonObject();
                if (site.Capabilities.UserListNamesOnly) parameters["all_fields"] = false;
                keys = GroupNameLister.Names(await client.CallAsync("user_list", parameters, cancellationToken).ConfigureAwait(false)).ToList();
                break;
            default:
                throw new NotSupportedException($"dump {entity.CliName} is not supported yet");
        }
        // Sorted and de-duplicated so the output order does not depend on the site's sort settings.
        keys = keys.Distinct(StringComparer.Ordinal).ToList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
