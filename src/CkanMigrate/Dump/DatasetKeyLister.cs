using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;

namespace CkanMigrate.Dump;

/// <summary>
/// Dataset names and ids for the list + show strategy. package_list only ever returns active public
/// datasets, so with a key we also walk each organization's member_list (object_type=package),
/// which lists private datasets on every version from 2.2 — the way not to lose them on sites too
/// old for package_search's include_private.
/// </summary>
internal sealed class DatasetKeyLister(CkanClient client, CkanSiteInfo site, int listPageSize)
{
    /// <summary>Public dataset names, sorted, from package_list.</summary>
    public async Task<List<string>> PublicNamesAsync(CancellationToken cancellationToken)
    {
        var result = await client.CallAsync("package_list", new JsonObject(), cancellationToken).ConfigureAwait(false);
        var names = GroupNameLister.Names(result).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Ids of datasets owned by organizations, private ones included (needs a member's or sysadmin's key).</summary>
    public async IAsyncEnumerable<string> OrganizationDatasetIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var org in GroupNameLister.ListAsync(client, site, "organization_list", listPageSize, cancellationToken).ConfigureAwait(false))
        {
            JsonNode? members;
            try
            {
                members = await client.CallAsync("member_list", new JsonObject { ["id"] = org, ["object_type"] = "package" }, cancellationToken).ConfigureAwait(false);
            }
            catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotAuthorized or CkanErrorKind.NotFound)
            {
                continue; // not allowed to see this organization's members: its public datasets came from package_list
            }
            if (members is not JsonArray rows) continue;
            var ids = new List<string>();
            foreach (var row in rows)
                if (row is JsonArray triple && triple.Count > 0 && triple[0]?.ToString() is { Length: > 0 } id)
                    ids.Add(id);
            ids.Sort(StringComparer.Ordinal);
            foreach (var id in ids) yield return id;
        }
    }
}
