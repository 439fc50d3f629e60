using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.Entities;
using CkanMigrate.Files;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.Dump;

/// <summary>
/// <c>dump</c>: reads every record of one kind from a CKAN site and writes it as JSON Lines, in a
/// deterministic order. A record the site refuses to show is counted and logged; a site that stops
/// answering (retries spent) ends the run with <see cref="CkanApiException"/>.
/// </summary>
public sealed class DumpRunner(CkanClient client, CkanSiteInfo site)
{
    public async Task<DumpSummary> RunAsync(DumpOptions options, Stream output, RecordLog log, ProgressCounter progress,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var callsBefore = client.RequestCount;
        var retriesBefore = client.RetryCount;
        var warnings = new List<string>();
        long written = 0, failed = 0, skippedDeleted = 0;
        long? sourceCount = null;
        string? unproven = null;
        string? incremental = null;
        var strategy = ChooseStrategy(options);

        using var writer = new JsonLinesWriter(output);
        var uploads = options.FilesFolder is not null ? new List<UploadedFile>() : null;
        PackageSearchPager? pager = null;
        CompletenessCheck? check = null;
        ChangedDatasetsLister? changed = null;
        IAsyncEnumerable<DumpItem> items;
        if (strategy == "changed")
        {
            changed = new ChangedDatasetsLister(client, site, options);
            items = changed.ReadAsync(progress, cancellationToken);
        }
        else if (strategy == "search")
        {
            pager = new PackageSearchPager(client, site, options.SearchPageSize);
            var fq = options.Entity.Kind == EntityKind.HarvestSources ? "+dataset_type:harvest" : null;
            items = pager.ReadAllAsync(progress, fq, cancellationToken);
            if (options.Entity.Kind == EntityKind.Datasets)
            {
                check = new CompletenessCheck(client, site, options.ListPageSize);
                items = ThenUnseenAsync(items, check, options, progress, cancellationToken);
            }
        }
        else if (strategy == "list")
        {
            items = HarvestSourceListAsync(progress, cancellationToken);
        }
        else
        {
            items = ShowEachAsync(options, progress, cancellationToken);
        }

        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item.Raw is { } raw)
            {
                // A page's record: written from its document, no node tree (the dump's cost per record is mostly this).
                using var document = JsonDocument.Parse(raw, JsonLineFormat.DocumentOptions);
                if (IsDeletedExtra(document.RootElement.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String ? state.GetString() : null, options))
                {
                    skippedDeleted++;
                    continue;
                }
                writer.Write(document.RootElement);
                written++;
                if (uploads is not null) uploads.AddRange(UploadFinder.Of(options.Entity.Kind, item.Record!, client.BaseUrl));
                progress.Advance();
            }
            else if (item.Record is { } record)
            {
                if (IsDeletedExtra(record["state"]?.ToString(), options))
                {
                    skippedDeleted++;
                    continue;
                }
                writer.Write(record);
                written++;
                uploads?.AddRange(UploadFinder.Of(options.Entity.Kind, record, client.BaseUrl));
                progress.Advance();
            }
            else
            {
                failed++;
                progress.Advance(failed: true);
                log.Write(new JsonObject
                {
                    ["kind"] = options.Entity.CliName,
                    ["key"] = item.Key,
                    ["outcome"] = "failed",
                    ["error"] = item.Error?.Describe(),
                });
            }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var files = uploads is null ? null : await FetchFilesAsync(uploads, options, log, progress, cancellationToken).ConfigureAwait(false);

        if (pager is not null)
        {
            sourceCount = pager.ReportedCount;
            if (options.Entity.Kind == EntityKind.HarvestSources && written == 0 && sourceCount == 0)
                // A command that works wherever this is read (dump, or run's report, which has no --via): said in full.
                warnings.Add("no harvest sources found through package_search (datasets of type harvest); if the site has some (in the old harvest_source " +
                             $"table, or not yet in its search index), dump them with: ckan-migrate dump harvest-sources --all --via list -r {client.BaseUrl.AbsoluteUri}");
            if (sourceCount is { } c && c != written)
                warnings.Add($"package_search reported {c} datasets when the dump began and {written} were written: the source changed during the dump");
            if (_fetchedUnseen > 0)
                warnings.Add($"{_fetchedUnseen} dataset(s) listed by the database but not returned by package_search (index behind, or created during the dump) were read with package_show");
            unproven = pager.Unproven ?? check?.Unproven;
            if (unproven is not null) warnings.Add($"completeness not proven: {unproven}");
        }
        else if (changed is not null)
        {
            incremental = $"incremental: {changed.Listed} listed, {written} read whole (changed since {Filter.Timestamps.Format(options.Changed!.Since)}, pending, new or with another visibility)";
            unproven = changed.Unproven;
            if (unproven is not null) warnings.Add($"completeness not proven: {unproven}");
        }
        else if (options.Keys.Count == 0)
        {
            sourceCount = progress.Total;
        }

        return new DumpSummary(options.Entity.CliName, strategy, written, failed, skippedDeleted, sourceCount,
            client.RequestCount - callsBefore, client.RetryCount - retriesBefore, clock.Elapsed, warnings) { Unproven = unproven, Files = files, Incremental = incremental };
    }

    /// <summary>The records' uploaded files into the files folder, <c>-p</c> at a time; each failure logged with its reason.</summary>
    private async Task<FileSummary> FetchFilesAsync(List<UploadedFile> uploads, DumpOptions options, RecordLog log, ProgressCounter progress,
        CancellationToken cancellationToken)
    {
        var summary = new FileSummary();
        using var manifest = FileManifest.Open(options.FilesFolder!);
        var fetcher = new FileFetcher(client, manifest);
        progress.AddToTotal(uploads.Count);
        await foreach (var outcome in OrderedParallel.SelectAsync(uploads.ToAsyncEnumerable(), options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
        {
            summary.Count(outcome);
            progress.Advance(failed: outcome.IsFailure);
            if (outcome.Outcome == "fetched") progress.AddBytes(outcome.Bytes);
            if (outcome.IsFailure)
                log.Write(new JsonObject
                {
                    ["kind"] = "file",
                    ["key"] = outcome.File.OwnerId, // the dataset is what a later run must carry again
                    ["resource"] = outcome.File.Id,
                    ["outcome"] = "failed",
                    ["error"] = $"{(options.Entity.Kind == EntityKind.Datasets ? "resource" : "image of")} {outcome.File.Id} ({outcome.File.FileName}): {outcome.Reason}",
                });
        }
        return summary;
    }

    private long _fetchedUnseen;

    /// <summary>
    /// The search pages, then every dataset the database lists that they did not hold, read with
    /// package_show. One gone since it was listed (not found, deleted) or of another kind (a harvest
    /// source) is not part of this dump; one it cannot read is a failed record like any other.
    /// </summary>
    private async IAsyncEnumerable<DumpItem> ThenUnseenAsync(IAsyncEnumerable<DumpItem> pages, CompletenessCheck check, DumpOptions options,
        ProgressCounter progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var seen = new SeenKeys();
        await foreach (var item in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            seen.Add(item.Id);
            seen.Add(item.Name);
            yield return item;
        }
        var fetcher = new ShowFetcher(client, site, options.Entity);
        var unseen = CountedAsync(check.UnseenAsync(seen, cancellationToken), progress);
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
                if (seen.Contains(id) || record["state"]?.ToString() == "deleted" || record["type"]?.ToString() == "harvest")
                {
                    progress.Advance();
                    continue; // renamed since the pages were read, gone, or a harvest source (dumped as its own kind)
                }
                seen.Add(id);
                _fetchedUnseen++;
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

    /// <summary>Search for datasets when the site can show private and draft datasets through it.</summary>
    private string ChooseStrategy(DumpOptions options)
    {
        if (options.Entity.Kind == EntityKind.HarvestSources)
            // Old sites (the DGU fork) list sources as harvest_source rows; newer ones as type=harvest datasets.
            return options.Via switch
            {
                DatasetListing.Search => "search",
                DatasetListing.List or DatasetListing.Show => "list",
                _ => site.Capabilities.Patch ? "search" : "list",
            };
        if (options.Entity.Kind != EntityKind.Datasets || options.Keys.Count > 0) return "show";
        if (options.Changed is not null && site.Capabilities.SearchIncludePrivate) return "changed";
        return options.Via switch
        {
            DatasetListing.Search => "search",
            DatasetListing.Show => "show",
            // Before 2.6 package_search can only see public datasets: list + member_list + show keeps the private ones.
            _ => site.Capabilities.SearchIncludePrivate || !client.HasApiKey ? "search" : "show",
        };
    }

    /// <summary>Deleted datasets reached only through member_list are not part of the portal's content.</summary>
    private static bool IsDeletedExtra(string? state, DumpOptions options) =>
        options.Entity.Kind == EntityKind.Datasets && options.Keys.Count == 0 && state == "deleted";

    private async IAsyncEnumerable<DumpItem> ShowEachAsync(DumpOptions options, ProgressCounter progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fetcher = new ShowFetcher(client, site, options.Entity);
        var keys = options.Keys.Count > 0 ? options.Keys.ToList() : await ListKeysAsync(options, cancellationToken).ConfigureAwait(false);
        progress.SetTotal(keys.Count);

        using var seenIds = new SeenKeys();
        await foreach (var item in OrderedParallel.SelectAsync(keys.ToAsyncEnumerable(), options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
        {
            if (item.Id is { } id) seenIds.Add(id);
            yield return item;
        }

        if (options.Entity.Kind != EntityKind.Datasets || options.Keys.Count > 0 || !client.HasApiKey) yield break;

        // Private datasets: ids from each organization's member_list that package_list did not name.
        var lister = new DatasetKeyLister(client, site, options.ListPageSize);
        var extra = FilterUnseen(lister.OrganizationDatasetIdsAsync(cancellationToken), seenIds, progress);
        await foreach (var item in OrderedParallel.SelectAsync(extra, options.Parallel, fetcher.FetchAsync, cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    /// <summary>
    /// harvest_source_list: every source, active or not, in one unpaged call (the DGU fork returns
    /// all; ckanext-harvest 1.3+ caps it at 100, so newer sites are dumped through search instead).
    /// </summary>
    private async IAsyncEnumerable<DumpItem> HarvestSourceListAsync(ProgressCounter progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await client.CallAsync("harvest_source_list", new JsonObject(), cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
        progress.SetTotal(rows.Count);
        var items = rows.OfType<JsonObject>().ToList();
        rows.Clear();
        foreach (var row in items)
            yield return DumpItem.Ok(row["id"]?.ToString() ?? row["name"]?.ToString() ?? "", row);
    }

    private static async IAsyncEnumerable<string> FilterUnseen(IAsyncEnumerable<string> ids, SeenKeys seen, ProgressCounter progress)
    {
        await foreach (var id in ids.ConfigureAwait(false))
        {
            if (seen.Contains(id)) continue;
            seen.Add(id);
            progress.AddToTotal(1);
            yield return id;
        }
    }

    private async Task<List<string>> ListKeysAsync(DumpOptions options, CancellationToken cancellationToken)
    {
        var entity = options.Entity;
        List<string> keys;
        switch (entity.Kind)
        {
            case EntityKind.Datasets:
                return await new DatasetKeyLister(client, site, options.ListPageSize).PublicNamesAsync(cancellationToken).ConfigureAwait(false);
            case EntityKind.Organizations or EntityKind.Groups:
                keys = [];
                await foreach (var name in GroupNameLister.ListAsync(client, site, entity.ListAction, options.ListPageSize, cancellationToken).ConfigureAwait(false))
                    keys.Add(name);
                break;
            case EntityKind.Users:
                var parameters = new JsonObject();
                if (site.Capabilities.UserListNamesOnly) parameters["all_fields"] = false;
                keys = GroupNameLister.Names(await client.CallAsync("user_list", parameters, cancellationToken).ConfigureAwait(false)).ToList();
                break;
            default:
                throw new NotSupportedException($"dump {entity.CliName} is not supported yet");
        }
        // Sorted and de-duplicated so the output order does not depend on the site's sort settings.
        keys = keys.Distinct(StringComparer.Ordinal).ToList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
