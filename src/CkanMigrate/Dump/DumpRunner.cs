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
using CkanMigrate.Indexing;

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
        UnseenDatasets? unseen = null;
        ChangedDatasetsLister? changed = null;
        IAsyncEnumerable<DumpItem> items;
        if (strategy == DumpStrategy.Changed)
        {
            changed = new ChangedDatasetsLister(client, site, options);
            items = changed.ReadAsync(progress, cancellationToken);
        }
        else if (strategy == DumpStrategy.Search)
        {
            pager = new PackageSearchPager(client, site, options.SearchPageSize);
            var fq = options.Entity.Kind == EntityKind.HarvestSources ? "+dataset_type:harvest" : null;
            items = pager.ReadAllAsync(progress, fq, cancellationToken);
            if (options.Entity.Kind == EntityKind.Datasets)
            {
                check = new CompletenessCheck(client, site, options.ListPageSize);
                unseen = new UnseenDatasets(client, site, options, check);
                items = unseen.AfterAsync(items, progress, cancellationToken);
            }
        }
        else if (strategy == DumpStrategy.List)
        {
            items = HarvestSourceLister.ReadAsync(client, progress, cancellationToken);
        }
        else
        {
            items = new ShowEachLister(client, site, options).ReadAsync(progress, cancellationToken);
        }

        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item.Raw is { } raw)
            {
                // A page's record: written from its document, no node tree (the dump's cost per record is mostly this).
                using var document = JsonDocument.Parse(raw, JsonLineFormat.DocumentOptions);
                if (IsOtherKind(document.RootElement, options))
                {
                    progress.Advance();
                    continue;
                }
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
                if (IsOtherKind(record, options))
                {
                    progress.Advance();
                    continue;
                }
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
            if (unseen?.Fetched > 0)
                warnings.Add($"{unseen.Fetched} dataset(s) listed by the database but not returned by package_search (index behind, or created during the dump) were read with package_show");
            unproven = pager.Unproven ?? check?.Unproven;
            if (unproven is not null) warnings.Add($"completeness not proven: {unproven}");
        }
        else if (changed is not null)
        {
            incremental = $"incremental: {changed.Listed} listed, {written} read whole (changed since {Timestamps.Format(options.Changed!.Since)}, pending, new or with another visibility)";
            unproven = changed.Unproven;
            if (unproven is not null) warnings.Add($"completeness not proven: {unproven}");
        }
        else if (options.Keys.Count == 0)
        {
            sourceCount = progress.Total;
        }

        return new DumpSummary(options.Entity.CliName, Reporting.OutcomeWords.Of(strategy), written, failed, skippedDeleted, sourceCount,
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
            if (outcome.Outcome == FileOutcomeKind.Fetched) progress.AddBytes(outcome.Bytes);
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

    /// <summary>Search for datasets when the site can show private and draft datasets through it.</summary>
    private DumpStrategy ChooseStrategy(DumpOptions options)
    {
        if (options.Entity.Kind == EntityKind.HarvestSources)
            // Old sites (the DGU fork) list sources as harvest_source rows; newer ones as type=harvest datasets.
            return options.Via switch
            {
                DatasetListing.Search => DumpStrategy.Search,
                DatasetListing.List or DatasetListing.Show => DumpStrategy.List,
                _ => site.Capabilities.Patch ? DumpStrategy.Search : DumpStrategy.List,
            };
        if (options.Entity.Kind != EntityKind.Datasets || options.Keys.Count > 0) return DumpStrategy.Show;
        if (options.Changed is not null && site.Capabilities.SearchIncludePrivate) return DumpStrategy.Changed;
        return options.Via switch
        {
            DatasetListing.Search => DumpStrategy.Search,
            DatasetListing.Show => DumpStrategy.Show,
            // Before 2.6 package_search can only see public datasets: list + member_list + show keeps the private ones.
            _ => site.Capabilities.SearchIncludePrivate || !client.HasApiKey ? DumpStrategy.Search : DumpStrategy.Show,
        };
    }

    /// <summary>
    /// A dataset of a type dumped as its own kind (a showcase, a harvest source), reached through
    /// package_list or member_list, is not one of the datasets (one named on the command line is given).
    /// </summary>
    private static bool IsOtherKind(JsonElement record, DumpOptions options) =>
        options.Entity.Kind == EntityKind.Datasets && options.Keys.Count == 0 && OwnKindTypes.IsOwnKind(record);

    private static bool IsOtherKind(JsonObject record, DumpOptions options) =>
        options.Entity.Kind == EntityKind.Datasets && options.Keys.Count == 0 && OwnKindTypes.IsOwnKind(Comparison.JsonText.String(record["type"]));

    /// <summary>Deleted datasets reached only through member_list are not part of the portal's content.</summary>
    private static bool IsDeletedExtra(string? state, DumpOptions options) =>
        options.Entity.Kind == EntityKind.Datasets && options.Keys.Count == 0 && state == "deleted";

}
