using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Concurrency;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// The source's showcases: ckanext_showcase_list gives them all in one call (as package_dictize,
/// the image among the extras), then one ckanext_showcase_package_list per showcase, <c>-p</c> at
/// a time, for its datasets; the datasets that list cannot give (<see cref="ShowcaseLinks"/>:
/// private ones, and all when a list reached its cap) are asked one by one. The showcases come in
/// name order, then the admins (ckanext_showcase_admin_list) as one record, when there are any.
/// </summary>
internal static class ShowcasesDump
{
    public static async IAsyncEnumerable<DumpItem> ReadAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var client = request.Client;
        var wanted = request.Keys.ToHashSet(StringComparer.Ordinal);
        var listed = await client.CallAsync("ckanext_showcase_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        var showcases = listed.OfType<JsonObject>()
            .Where(s => JsonText.NonEmpty(s["name"]) is { } name && (wanted.Count == 0 || wanted.Contains(name) || wanted.Contains(JsonText.NonEmpty(s["id"]) ?? "")))
            .OrderBy(s => JsonText.NonEmpty(s["name"]), StringComparer.Ordinal).ToList();
        var withAdmins = wanted.Count == 0 || wanted.Contains(ShowcaseForm.AdminsName);
        request.Progress.SetTotal(showcases.Count + (withAdmins ? 1 : 0));

        var links = new Dictionary<string, List<(string? Id, string Name)>>(StringComparer.Ordinal);
        var capped = false;
        await foreach (var (id, datasets, isCapped) in OrderedParallel.SelectAsync(showcases.ToAsyncEnumerable(), request.Parallel, async (s, c) =>
                       {
                           var id = JsonText.NonEmpty(s["id"])!;
                           var (datasets, cut) = await ShowcaseLinks.ListAsync(client, id, c).ConfigureAwait(false);
                           return (id, datasets, cut);
                       }, ct).ConfigureAwait(false))
        {
            links[id] = datasets;
            capped |= isCapped;
        }
        if (showcases.Count > 0) await CompleteAsync(request, links, capped, ct).ConfigureAwait(false);

        foreach (var showcase in showcases)
            yield return DumpItem.Ok(JsonText.NonEmpty(showcase["name"])!, ShowcaseForm.From(showcase, links[JsonText.NonEmpty(showcase["id"])!]));
        if (!withAdmins) yield break;
        var admins = await client.CallAsync("ckanext_showcase_admin_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        // None is no record, so a site with the plugin and no showcase work has no showcases step (the last run's admins, all gone, are an emptied record).
        if (admins.Count > 0)
            yield return DumpItem.Ok(ShowcaseForm.AdminsName, ShowcaseForm.Admins(admins.OfType<JsonObject>().Select(a => JsonText.NonEmpty(a["name"])).OfType<string>()));
        else request.Progress.Advance();
    }

    /// <summary>The links the lists could not give: private datasets always, every dataset when a list reached the cap; each asked for its showcases.</summary>
    private static async Task CompleteAsync(PortalDumpRequest request, Dictionary<string, List<(string? Id, string Name)>> links, bool capped, CancellationToken ct)
    {
        var toAsk = await DatasetsAsync(request, capped, ct).ConfigureAwait(false);
        await foreach (var (dataset, showcases) in OrderedParallel.SelectAsync(toAsk.ToAsyncEnumerable(), request.Parallel,
                           async (d, c) => (d, await ShowcaseLinks.ShowcasesOfAsync(request.Client, d.Id ?? d.Name, c).ConfigureAwait(false)), ct).ConfigureAwait(false))
            foreach (var showcase in showcases ?? [])
                if (links.TryGetValue(showcase, out var datasets) && !datasets.Any(d => d.Name == dataset.Name))
                    datasets.Add(dataset);
    }

    /// <summary>
    /// The private datasets (or all, <paramref name="all"/>), from a listing of two index fields: not
    /// from a datasets dump, which in an incremental run holds only the datasets that changed, while
    /// a link to any of them would otherwise be taken for gone.
    /// </summary>
    private static async Task<List<(string? Id, string Name)>> DatasetsAsync(PortalDumpRequest request, bool all, CancellationToken ct)
    {
        var datasets = new List<(string? Id, string Name)>();
        var pager = new PackageSearchPager(request.Client, request.Site, 1000);
        await foreach (var item in pager.ReadAllAsync(new Reporting.ProgressCounter("datasets"), all ? null : "+capacity:private", ct, "id,name").ConfigureAwait(false))
            if (ListedDataset.Read(item.Raw!) is { Name: { } name } listed) datasets.Add((listed.Id, name));
        return datasets;
    }
}
