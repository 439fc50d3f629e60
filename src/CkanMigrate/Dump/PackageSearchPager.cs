using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.Dump;

/// <summary>
/// Every dataset through package_search, 1000 per call: sorted by id so concurrent edits cannot
/// shift pages, private and draft datasets included where the version knows the flags, the start
/// advanced by what actually came back (the server may cap rows lower), and duplicates dropped.
/// </summary>
internal sealed class PackageSearchPager(CkanClient client, CkanSiteInfo site, int pageSize)
{
    /// <summary>The count the server reported on its last page.</summary>
    public long? ReportedCount { get; private set; }

    public long Duplicates { get; private set; }

    public async IAsyncEnumerable<DumpItem> ReadAllAsync(ProgressCounter progress, string? filterQuery = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0L; ;)
        {
            var parameters = new JsonObject
            {
                ["q"] = "*:*",
                ["rows"] = pageSize,
                ["start"] = start,
                ["sort"] = "id asc",
                ["facet"] = "false",
            };
            if (filterQuery is not null) parameters["fq"] = filterQuery;
            if (site.Capabilities.SearchIncludePrivate) parameters["include_private"] = true;
            if (site.Capabilities.SearchIncludeDrafts) parameters["include_drafts"] = true;

            var page = await client.CallAsync("package_search", parameters, cancellationToken).ConfigureAwait(false) as JsonObject
                       ?? throw new CkanApiException("package_search", CkanErrorKind.NotCkan, 200, "the result is not an object");
            var count = page["count"]?.GetValue<long>() ?? 0;
            ReportedCount = count;
            progress.SetTotal(count);
            var results = page["results"] as JsonArray ?? [];
            var received = results.Count;
            var items = results.ToList();
            results.Clear(); // detach the records from the page so each can be handed on alone
            foreach (var node in items)
            {
                if (node is not JsonObject dataset) continue;
                var id = dataset["id"]?.ToString() ?? dataset["name"]?.ToString() ?? "";
                if (!seen.Add(id))
                {
                    Duplicates++;
                    continue;
                }
                yield return DumpItem.Ok(id, dataset);
            }
            start += received;
            // Stop at the count, never on a short page; an empty page before the count means the
            // index shrank under us, and asking again would loop.
            if (start >= count || received == 0) yield break;
        }
    }
}
