using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Concurrency;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// The source's site pages: ckanext_pages_list (a sysadmin's lists private pages too) names them, but
/// its rows carry neither the private flag nor the order, so each page is read with
/// ckanext_pages_show, <c>-p</c> at a time, in name order.
/// </summary>
internal static class PagesDump
{
    public static async IAsyncEnumerable<DumpItem> ReadAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var listed = await request.Client.CallAsync("ckanext_pages_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        var wanted = request.Keys.ToHashSet(StringComparer.Ordinal);
        var names = listed.OfType<JsonObject>().Select(p => JsonText.NonEmpty(p["name"])).OfType<string>()
            .Where(n => wanted.Count == 0 || wanted.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        request.Progress.SetTotal(names.Count);
        await foreach (var item in OrderedParallel.SelectAsync(names.ToAsyncEnumerable(), request.Parallel, (n, c) => ShowAsync(request.Client, n, c), ct).ConfigureAwait(false))
            if (item is not null) yield return item;
            else request.Progress.Advance(); // deleted since it was listed
    }

    private static async Task<DumpItem?> ShowAsync(CkanClient client, string name, CancellationToken ct)
    {
        try
        {
            return await client.CallAsync("ckanext_pages_show", new JsonObject { ["page"] = name }, ct).ConfigureAwait(false) is JsonObject shown
                ? DumpItem.Ok(name, PageForm.FromShown(shown)) : null;
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return DumpItem.Failed(name, e);
        }
        catch (CkanApiException e) when (e.MayBeTheRecord)
        {
            if (!await client.SiteAnswersAsync(ct).ConfigureAwait(false)) throw; // the site, not this page
            return DumpItem.Failed(name, e);
        }
    }
}
