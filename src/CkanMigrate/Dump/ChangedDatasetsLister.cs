using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;
using CkanMigrate.Comparison;
using CkanMigrate.Indexing;
using CkanMigrate.Entities;

namespace CkanMigrate.Dump;

/// <summary>
/// An incremental dump of datasets: one cheap pass lists every dataset with only the index fields
/// that decide (id, name, state, capacity, metadata_modified: about 150 bytes each, through
/// <c>fl</c>, by keyset like the full dump), then only those that changed are read whole with
/// package_show. The decision is made here from the listing rather than by a Solr date range, so no
/// date formatting of the site's index can hide a change, and the listing finds deletions and
/// CKAN's bulk visibility changes (which leave metadata_modified alone). package_list still checks
/// the listing against the database: a public dataset the index lags behind on is read too.
/// </summary>
internal sealed class ChangedDatasetsLister(CkanClient client, CkanSiteInfo site, DumpOptions options)
{
    /// <summary>The index fields the listing asks for: all stored in CKAN's Solr schema.</summary>
    public const string ListedFields = "id,name,state,capacity,metadata_modified";

    /// <summary>Datasets the listing held.</summary>
    public long Listed { get; private set; }

    /// <summary>Why the listing cannot be shown complete, or null.</summary>
    public string? Unproven { get; private set; }

    public async IAsyncEnumerable<DumpItem> ReadAsync(ProgressCounter progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var changed = options.Changed!;
        var pager = new PackageSearchPager(client, site, options.SearchPageSize);
        using var seen = new SeenKeys();
        var toRead = new List<string>();
        using var listing = new JsonLinesWriter(changed.Listing);
        await foreach (var item in pager.ReadAllAsync(new ProgressCounter("listing"), null, cancellationToken, ListedFields).ConfigureAwait(false))
        {
            // Flat documents of five strings, read without a node tree: this loop runs once per dataset of the portal.
            var doc = ListedDataset.Read(item.Raw!);
            seen.Add(doc.Id);
            seen.Add(doc.Name);
            Listed++;
            listing.Write(doc, ListedDataset.WriteEntry);
            var modified = Timestamps.TryParse(doc.Modified, out var m) ? m : (DateTimeOffset?)null;
            if (modified is null || modified >= changed.Since || changed.KeepAnyway(new FilterKey(doc.Id, doc.Name, doc.IsPrivate, doc.State)))
                toRead.Add(doc.Id!);
        }
        Unproven = pager.Unproven;

        // The database's public names against the index's listing; the organizations' member lists
        // (one call each) are left to the full dump, to keep a catch-up's cost to its changes.
        var check = new CompletenessCheck(client, site, options.ListPageSize) { PublicOnly = true };
        await foreach (var name in OwnKindListing.WithoutAsync(check.UnseenAsync(seen, cancellationToken), seen, client, site, cancellationToken).ConfigureAwait(false))
            toRead.Add(name);
        Unproven ??= check.Unproven;

        progress.SetTotal(toRead.Count);
        var fetcher = new ShowFetcher(client, site, options.Entity);
        await foreach (var item in OrderedParallel.SelectAsync(toRead.ToAsyncEnumerable(), options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
        {
            if (item.Record is { } other && OwnKindTypes.IsOwnKind(JsonText.String(other["type"])))
            {
                progress.Advance();
                continue; // a showcase or harvest source the type listing missed: not a dataset
            }
            // Read through package_list, so not in the listing yet.
            if (item.Record is { } record && !seen.Contains(item.Key))
                listing.Write(new ListedDataset(JsonText.String(record["id"]), JsonText.String(record["name"]), JsonText.String(record["state"]), record["private"] is JsonValue p && p.TryGetValue<bool>(out var b) && b, null),
                    ListedDataset.WriteEntry);
            yield return item;
        }
    }}
