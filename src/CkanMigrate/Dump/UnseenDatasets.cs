using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;
using CkanMigrate.Reporting;

namespace CkanMigrate.Dump;

/// <summary>
/// The completeness check of a search dump, as the records come: the search pages first, then
/// every dataset the database lists (<see cref="CompletenessCheck"/>) that they did not hold, read
/// with package_show. One gone since it was listed (not found, deleted) or of another kind (a harvest
/// source, a showcase: <see cref="OwnKindTypes"/>, listed first so they are not read at all) is not
/// part of this dump; one it cannot read is a failed record like any other.
/// </summary>
internal sealed class UnseenDatasets(CkanClient client, CkanSiteInfo site, DumpOptions options, CompletenessCheck check)
{
    /// <summary>How many datasets the search had not returned and were read one by one.</summary>
    public long Fetched { get; private set; }


    public async IAsyncEnumerable<DumpItem> AfterAsync(IAsyncEnumerable<DumpItem> pages, ProgressCounter progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var seen = new SeenKeys();
        await foreach (var item in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            seen.Add(item.Id);
            seen.Add(item.Name);
            yield return item;
        }
        var fetcher = new ShowFetcher(client, site, options.Entity);
        var unseen = CountedAsync(OwnKindListing.WithoutAsync(check.UnseenAsync(seen, cancellationToken), seen, client, site, cancellationToken), progress);
        await foreach (var item in OrderedParallel.SelectAsync(unseen, options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
        {
            if (item.Error is { Kind: CkanErrorKind.NotFound })
            {
                progress.Advance();
                continue; // deleted and purged since it was listed
            }
            if (item.Record is { } record)
            {
                var id = record["id"]?.ToString() ?? item.Key;
                if (seen.Contains(id) || record["state"]?.ToString() == "deleted" || OwnKindTypes.IsOwnKind(record["type"]?.ToString()))
                {
                    progress.Advance();
                    continue; // renamed since the pages were read, gone, or of a kind dumped on its own
                }
                seen.Add(id);
                Fetched++;
            }
            yield return item;
        }
    }

    private static async IAsyncEnumerable<string> CountedAsync(IAsyncEnumerable<string> keys, ProgressCounter progress)
    {
        await foreach (var key in keys.ConfigureAwait(false))
        {
            progress.AddToTotal(1);
            yield return key;
        }
    }

}
