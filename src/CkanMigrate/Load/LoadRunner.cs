using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.Entities;
using CkanMigrate.Files;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.Load;

/// <summary>
/// <c>load</c>: puts the records of a JSON Lines file into a CKAN site. Reads the target's existing
/// records first, then handles input lines with <c>-p</c> in flight, reporting them in input order.
/// Every line ends in one <see cref="LoadOutcome"/>; rejected lines are copied unchanged to the
/// rejects file. A transient failure that outlasts the retries stops the run cleanly: what was
/// done is logged, and running the same command again finishes the job (done records are unchanged).
/// </summary>
public sealed class LoadRunner(CkanClient client, CkanSiteInfo site)
{
    public async Task<LoadSummary> RunAsync(LoadOptions options, IAsyncEnumerable<InputLine> input, RecordLog log, Stream? rejects,
        ProgressCounter progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var callsBefore = client.RequestCount;
        var retriesBefore = client.RetryCount;
        var summary = new LoadSummary();
        if (!options.Force) input = await KindGuard.CheckedAsync(input, options.Entity.Kind, cancellationToken).ConfigureAwait(false);

        if (options.Entity.Kind == EntityKind.Users)
            site = site with { Key = await KeyCheck.LearnOwnerAsync(client, site.Key, cancellationToken).ConfigureAwait(false) };
        if (options.Entity.Kind == EntityKind.Datasets && options.InputCount != 0)
            options = options with { Groups = await GroupAuthority.LearnAsync(client, site, cancellationToken).ConfigureAwait(false) };
        var noHarvester = options.Entity.Kind == EntityKind.HarvestSources && !site.HasExtension("harvest"); // every record is rejected; nothing to read
        var index = noHarvester ? null : await ReadTargetAsync(options, summary, cancellationToken).ConfigureAwait(false);
        using var ownedIndex = index;
        using var manifest = options.FilesFolder is not null && UploadFinder.HoldsFiles(options.Entity.Kind)
            ? FileManifest.Open(options.FilesFolder) : null;
        using var sent = manifest is null ? null : SentFiles.Open(manifest.Folder);
        var profile = options.Target ?? await Preflight.TargetProfile.ForLoadAsync(client, site, options.Entity.Kind, cancellationToken).ConfigureAwait(false);
        var files = manifest is null ? null : new RecordFiles(client, site, options.Entity, new FileSender(client, manifest, sent!, SentFiles.NamesOf(client.BaseUrl, site.SiteUrl)), progress, profile);
        var loader = new RecordLoader(client, site, options, index, profile, files);
        summary.Files = files?.Summary;

        long lastDone = options.StartLine - 1;
        var parents = options.Entity.IsGroupLike ? new ParentLinks(client, site, options.Entity, options.DryRun) : null;
        try
        {
            var lines = Window(input, options, summary);
            await foreach (var result in OrderedParallel.SelectAsync(lines, options.Parallel, loader.LoadAsync, cancellationToken).ConfigureAwait(false))
            {
                parents?.Note(result);
                summary.Count(result.Outcome);
                summary.CountNotKept(result.NotKept);
                if (result.Unfit is { } unfit) summary.CountUnfit(unfit, result.Name ?? result.Id ?? $"line {result.Line.Number}");
                if (result.IdPairs.Count > 0 && result.Outcome != LoadOutcome.Rejected) summary.DerivedIds++;
                lastDone = result.Line.Number;
                progress.Advance(failed: result.Outcome == LoadOutcome.Rejected);
                log.Write(Entry(result));
                if (result.Outcome == LoadOutcome.Rejected && rejects is not null) result.Line.CopyTo(rejects);
            }
            // Every record of the load is in: now the hierarchy can be linked.
            if (parents is not null) summary.Parents = await parents.LinkAsync(log, summary, cancellationToken).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (e.IsTransient)
        {
            summary.StoppedBecause = e.Describe();
            summary.ResumeLine = lastDone + 1;
            // Lines read but not finished are not counted: the summary covers what was done.
            summary.LinesRead = summary.Total;
        }
        finally
        {
            summary.Calls = client.RequestCount - callsBefore;
            summary.Retries = client.RetryCount - retriesBefore;
            summary.Elapsed = clock.Elapsed;
        }
        return summary;
    }

    private async Task<TargetIndex?> ReadTargetAsync(LoadOptions options, LoadSummary summary, CancellationToken ct)
    {
        if (options.InputCount == 0)
        {
            summary.Strategy = "nothing (no input records)";
            return null;
        }
        var reader = new TargetIndexReader(client, site);
        // A few records beside a big target are looked up one by one rather than reading the whole target (TargetReadCost).
        if (options.InputCount is { } inputs && await reader.CountAsync(options.Entity, ct).ConfigureAwait(false) is { } onTarget
            && TargetReadCost.PerRecordIsCheaper(inputs, options.InputBytes, onTarget))
        {
            summary.Strategy = TargetReadCost.Describe(inputs, onTarget);
            return null;
        }
        var index = await reader.ReadAsync(options.Entity, ct).ConfigureAwait(false);
        summary.Strategy = index switch
        {
            null => "show per record",
            { Spills: > 0 } => $"bulk index of {index.Count} target records, spilled to disk {index.Spills} times past --index-memory",
            _ => $"bulk index of {index.Count} target records",
        };
        return index;
    }

    /// <summary>The lines from -s on, at most -m of them, counted and parsed as they are read, in order.</summary>
    private static async IAsyncEnumerable<LoadInput> Window(IAsyncEnumerable<InputLine> input, LoadOptions options, LoadSummary summary,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var repeats = options.Entity.Kind is EntityKind.Datasets or EntityKind.HarvestSources ? new RepeatedResourceIds() : null;
        await foreach (var line in input.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (line.Number < options.StartLine) continue;
            if (options.MaxLines is { } max && summary.LinesRead >= max) yield break;
            summary.LinesRead++;
            if (line.IsBlank)
            {
                yield return new LoadInput(line, null, null, null);
                continue;
            }
            var parsed = line.TryParseObject(out var record, out var error);
            if (parsed && options.Vocabularies?.Apply(record!) is { } vocabulary)
            {
                yield return new LoadInput(line, null, vocabulary, null);
                continue;
            }
            yield return new LoadInput(line, record, error, parsed && repeats is not null ? repeats.Apply(record!) : null);
        }
    }

    private static JsonObject Entry(LoadResult r)
    {
        var entry = new JsonObject
        {
            ["line"] = r.Line.Number,
            ["id"] = r.Id,
            ["name"] = r.Name,
            ["outcome"] = Reporting.OutcomeWords.Of(r.Outcome),
        };
        if (r.Error is not null) entry["error"] = r.Error;
        if (r.Note is not null) entry["note"] = r.Note;
        if (r.NotKept.Count > 0) entry["not_kept"] = new JsonArray(r.NotKept.Select(f => (JsonNode)f).ToArray());
        return entry;
    }
}
