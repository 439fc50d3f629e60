using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;

namespace CkanMigrate.Dump;

/// <summary>
/// Lists every organization or group name. From 2.7.10/2.8.7/2.9 CKAN silently stops a list at 1000
/// names even without a limit, so we page with limit/offset (2.5+) and sort by name, because titles
/// are not unique and would make pages overlap. Older sites return everything in one call.
/// </summary>
internal static class GroupNameLister
{
    public static async IAsyncEnumerable<string> ListAsync(CkanClient client, CkanSiteInfo site, string listAction,
        int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!site.Capabilities.GroupListPaging)
        {
            var all = await client.CallAsync(listAction, new JsonObject { ["all_fields"] = false }, cancellationToken).ConfigureAwait(false);
            foreach (var name in Names(all)) yield return name;
            yield break;
        }

        for (var offset = 0; ;)
        {
            var page = await client.CallAsync(listAction, new JsonObject
            {
                ["all_fields"] = false,
                ["sort"] = "name asc",
                ["limit"] = pageSize,
                ["offset"] = offset,
            }, cancellationToken).ConfigureAwait(false);
            var names = Names(page).ToList();
            foreach (var name in names) yield return name;
            // An empty page is the end; a page larger than asked means the server ignored paging.
            if (names.Count == 0 || names.Count > pageSize) yield break;
            offset += names.Count;
        }
    }

    /// <summary>Names from a list result: plain strings, or dicts where the server returned full rows.</summary>
    public static IEnumerable<string> Names(JsonNode? result)
    {
        if (result is not JsonArray array) yield break;
        foreach (var item in array)
        {
            var name = item switch
            {
                JsonValue v => v.ToString(),
                JsonObject o => (o["name"] ?? o["id"])?.ToString(),
                _ => null,
            };
            if (!string.IsNullOrEmpty(name)) yield return name;
        }
    }
}
