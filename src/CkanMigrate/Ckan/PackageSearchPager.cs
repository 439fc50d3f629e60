using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.Ckan;

/// <summary>
/// Every dataset through package_search by keyset: sorted by id, each page asking only for ids after
/// the last one read (<c>fq=id:{"last" TO *}</c>, start always 0). Offset paging skips a dataset
/// whenever one on an earlier page is deleted mid-dump; a keyset cannot, because a dataset's id never
/// changes. Private and draft datasets are included where the version knows the flags. The page
/// size is only a wish: however few rows the site returns (ckan.search.rows_max), the next page
/// starts after the last id, and paging ends when the site says nothing is left after it.
/// </summary>
internal sealed class PackageSearchPager(CkanClient client, CkanSiteInfo site, int pageSize)
{
    /// <summary>How many datasets the index held when paging began (the first page's count).</summary>
    public long? ReportedCount { get; private set; }

    /// <summary>Why the pages cannot be shown to cover the index (the site ignored the sort or the range), or null.</summary>
    public string? Unproven { get; private set; }

    /// <param name="fields">fl: only these stored index fields per dataset (flat documents), or null for whole records.</param>
    public async IAsyncEnumerable<DumpItem> ReadAllAsync(ProgressCounter progress, string? filterQuery = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default, string? fields = null)
    {
        string? last = null;
        // The next page is asked for as soon as this one's last id is known, so the site builds it
        // while this one's records are written: the site's time and ours overlap instead of adding up.
        Task<CkanDocument>? next = FetchAsync(filterQuery, fields, null, cancellationToken);
        try
        {
            while (next is not null)
            {
                using var page = await next.ConfigureAwait(false);
                next = null;
                if (page.Result.ValueKind != JsonValueKind.Object)
                    throw new CkanApiException("package_search", CkanErrorKind.NotCkan, 200, "the result is not an object");
                var remaining = page.Result.TryGetProperty("count", out var count) && count.TryGetInt64(out var n) ? n : 0;
                if (ReportedCount is null)
                {
                    ReportedCount = remaining;
                    progress.SetTotal(remaining);
                }
                var results = page.Result.TryGetProperty("results", out var found) && found.ValueKind == JsonValueKind.Array
                    ? found.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).ToList() : [];
                // Done when this page held everything that was left after the previous one; an empty
                // page also ends it (nothing after the last id).
                if (results.Count > 0 && results.Count < remaining && Text(results[^1], "id") is { } pageLast
                    && (last is null || string.CompareOrdinal(pageLast, last) > 0))
                    next = FetchAsync(filterQuery, fields, pageLast, cancellationToken);
                foreach (var dataset in results)
                {
                    var id = Text(dataset, "id") ?? "";
                    if (last is not null && string.CompareOrdinal(id, last) <= 0)
                    {
                        // Not after the last id: the site did not apply the sort or the range, so pages
                        // would repeat or skip. Stop rather than loop, and say the listing is unproven.
                        Unproven = $"package_search returned id '{id}' after '{last}' although sorted by id: the site does not page by id, so the listing cannot be shown complete";
                        yield break;
                    }
                    last = id;
                    // Each record keeps its own bytes, so nothing points into the page once it is let go.
                    yield return DumpItem.OkRaw(id, Text(dataset, "name"), JsonMarshal.GetRawUtf8Value(dataset).ToArray());
                }
            }
        }
        finally
        {
            // Stopped early (an unordered site, or the reader let go): the page asked for ahead is not wanted.
            if (next is not null) _ = next.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); else _ = t.Exception; }, TaskScheduler.Default);
        }
    }

    /// <summary>One keyset page: sorted by id, only ids after <paramref name="after"/>, start always 0.</summary>
    private Task<CkanDocument> FetchAsync(string? filterQuery, string? fields, string? after, CancellationToken cancellationToken)
    {
        var fq = string.Join(' ', new[] { filterQuery, after is null ? null : $"+id:{{{SolrLiteral(after)} TO *}}" }.OfType<string>());
        var parameters = new JsonObject
        {
            ["q"] = "*:*",
            ["rows"] = pageSize,
            ["start"] = 0,
            ["sort"] = "id asc",
            ["facet"] = "false",
        };
        if (fq.Length > 0) parameters["fq"] = fq;
        if (fields is not null) parameters["fl"] = fields;
        if (site.Capabilities.SearchIncludePrivate) parameters["include_private"] = true;
        if (site.Capabilities.SearchIncludeDrafts) parameters["include_drafts"] = true;
        return client.CallForDocumentAsync("package_search", parameters, cancellationToken);
    }

    /// <summary>A string member's value, or null (CKAN's ids and names are strings; anything else is no key).</summary>
    private static string? Text(JsonElement record, string member) =>
        record.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A Solr phrase: ids are UUIDs in CKAN, but a quote or backslash must not end the range early.</summary>
    private static string SolrLiteral(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
