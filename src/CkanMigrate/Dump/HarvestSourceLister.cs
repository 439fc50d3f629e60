using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;
using CkanMigrate.Reporting;

namespace CkanMigrate.Dump;

/// <summary>The "list" way of dumping harvest sources, for old sites.</summary>
internal static class HarvestSourceLister
{
    /// <summary>
    /// harvest_source_list: every source, active or not, in one unpaged call (the DGU fork returns
    /// all; ckanext-harvest 1.3+ caps it at 100, so newer sites are dumped through search instead).
    /// </summary>
    public static async IAsyncEnumerable<DumpItem> ReadAsync(CkanClient client, ProgressCounter progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await client.CallAsync("harvest_source_list", new JsonObject(), cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
        progress.SetTotal(rows.Count);
        var items = rows.OfType<JsonObject>().ToList();
        rows.Clear();
        foreach (var row in items)
            yield return DumpItem.Ok(row["id"]?.ToString() ?? row["name"]?.ToString() ?? "", row);
    }

}
