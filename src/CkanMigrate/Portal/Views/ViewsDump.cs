using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Concurrency;
using CkanMigrate.Dump;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Portal.Views;

/// <summary>
/// The source's views: one resource_view_list per resource, <c>-p</c> at a time, in the order the
/// resources come. CKAN has no call that lists the views of many resources, so that is the cheapest
/// the API offers; what is cut is the listing of resources: they are read from a datasets dump when
/// there is one (in an incremental run it holds only the datasets that changed, so the views of
/// resources whose dataset did not change are not asked for at all), else from package_search pages
/// of 1000, else, for datasets named on the command line, one package_show each.
/// </summary>
internal static class ViewsDump
{
    public static async IAsyncEnumerable<DumpItem> ReadAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var resources = Counted(Resources(request, ct), request);
        await foreach (var item in OrderedParallel.SelectAsync(resources, request.Parallel, (r, c) => r.Failure is { } failed ? Task.FromResult<DumpItem?>(failed) : ListAsync(request.Client, r.Start!, c), ct).ConfigureAwait(false))
            if (item is not null) yield return item;
            else request.Progress.Advance(); // gone since its dataset was read: not part of this dump
    }

    private static async Task<DumpItem?> ListAsync(CkanClient client, JsonObject resource, CancellationToken ct)
    {
        var id = JsonText.NonEmpty(resource["resource_id"])!;
        try
        {
            var views = await client.CallAsync("resource_view_list", new JsonObject { ["id"] = id }, ct).ConfigureAwait(false) as JsonArray ?? [];
            resource["views"] = PortalForms.Detached(views);
            return DumpItem.Ok(id, resource);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return null;
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return DumpItem.Failed(id, e);
        }
        catch (CkanApiException e) when (e.MayBeTheRecord)
        {
            if (!await client.SiteAnswersAsync(ct).ConfigureAwait(false)) throw; // the site, not this resource
            return DumpItem.Failed(id, e);
        }
    }

    /// <summary>Each resource as the start of its record (its id and its place in its dataset), or a dataset that could not be read.</summary>
    private static async IAsyncEnumerable<(JsonObject? Start, DumpItem? Failure)> Resources(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in Datasets(request, ct).ConfigureAwait(false))
        {
            if (item.Record is not { } dataset)
            {
                yield return (null, item);
                continue;
            }
            var position = 0;
            foreach (var resource in (dataset["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (JsonText.NonEmpty(resource["id"]) is { } id)
                    yield return (new JsonObject
                    {
                        ["resource_id"] = id,
                        ["package_id"] = JsonText.NonEmpty(dataset["id"]),
                        ["package_name"] = JsonText.NonEmpty(dataset["name"]),
                        ["position"] = position,
                    }, null);
                position++;
            }
        }
    }

    private static async IAsyncEnumerable<DumpItem> Datasets(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        if (request.Datasets is { } file)
        {
            await foreach (var line in JsonLinesReader.ReadAsync(file, ct).ConfigureAwait(false))
                if (!line.IsBlank && line.TryParseObject(out var dataset, out _))
                    yield return DumpItem.Ok(line.Where, dataset!);
        }
        else if (request.Keys.Count > 0)
        {
            var show = new ShowFetcher(request.Client, request.Site, Entities.EntityDescriptor.Datasets);
            foreach (var key in request.Keys)
                yield return await show.FetchAsync(key, ct).ConfigureAwait(false);
        }
        else
        {
            var pager = new PackageSearchPager(request.Client, request.Site, 1000);
            await foreach (var item in pager.ReadAllAsync(new Reporting.ProgressCounter("datasets"), null, ct).ConfigureAwait(false))
                if (item.Record is { } dataset && JsonText.NonEmpty(dataset["state"]) != "deleted")
                    yield return item;
        }
    }

    private static async IAsyncEnumerable<(JsonObject? Start, DumpItem? Failure)> Counted(IAsyncEnumerable<(JsonObject?, DumpItem?)> resources, PortalDumpRequest request)
    {
        await foreach (var resource in resources.ConfigureAwait(false))
        {
            request.Progress.AddToTotal(1);
            yield return resource;
        }
    }
}
