using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Filter;
using CkanMigrate.Reporting;

namespace CkanMigrate.Pipeline;

/// <summary>
/// <c>run</c>: dump → convert → filter → load for every kind, in dependency order, keeping each
/// stage's files in the work folder (1-dump … 5-delete) so any stage can be inspected or re-run by
/// hand. Every stage has one contract (<see cref="StepAsync"/>): it reads a file or a site, writes
/// its files through <see cref="StageFiles"/>, and returns outcome counts that must add up. Finished
/// steps are recorded in state.json: an interrupted run re-run with the same work folder skips them
/// and redoes the one in progress (safe: loads skip unchanged records). A successful run records the
/// high-water mark for <c>--since auto</c>, the source's datasets, and what is still pending.
/// </summary>
public sealed class MigrationRun(RunOptions options, Action<ProgressCounter>? watch = null)
{
    private readonly List<StageResult> _stages = [];
    private ProgressCounter? _current;
    private RunState _state = null!;

    private string Work(params string[] parts) => Path.Combine([options.WorkFolder, .. parts]);

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using var source = options.From.IsCkan ? options.ClientFor(options.From) : null;
        using var target = options.To.IsCkan ? options.ClientFor(options.To) : null;
        var sourceSite = source is null ? null : await source.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var targetSite = target is null ? null : await target.ProbeAsync(cancellationToken).ConfigureAwait(false);
        CheckKeys(sourceSite, targetSite);

        // Before anything is written: this folder's memory (the source's datasets, deletes to make)
        // must be of this very pair, or another source's datasets would all look gone.
        WorkFolders.WorkFolder.Claim(options.WorkFolder, options.Pair(sourceSite, targetSite));
        _state = RunState.Load(options.WorkFolder);
        var resumed = _state.BeginOrResume(options.Fingerprint());
        var since = ResolveSince();
        if (since is not null && !options.To.IsCkan && options.Since == "auto")
            throw new UsageException("--since auto with a folder as --to would replace the complete files with the changes only: run without --since to rewrite the folder");
        using var ledger = new IncrementalLedger(options.WorkFolder, _state);
        var stages = new RunStages(options, Watch);

        // The high-water mark is read from the source before anything is listed, so no edit made
        // during this run can fall below it (it is re-sent next time at worst, and then unchanged).
        string? highWater = null;
        if (source is not null)
            highWater = (await StepAsync("mark", "datasets", null, _ => stages.MarkAsync(source, sourceSite!, cancellationToken)).ConfigureAwait(false))["latest"]?.GetValue<string>();

        // 1. dump (of datasets, with --since and a last run to compare with: only what changed, and a listing of all)
        var files = new Dictionary<EntityKind, string>();
        var tablesFolder = stages.DataStoreFolder(options.WorkFolder);
        (DateTimeOffset, Func<FilterKey, bool>)? incremental = since is { } cutoff && ledger.HasPrevious ? (cutoff, ledger.KeepAnyway()) : null;
        string? listing = null;
        foreach (var entity in EntityDescriptor.InLoadOrder)
        {
            if (!options.From.IsCkan)
            {
                if (options.From.FileOf(entity) is { } file) files[entity.Kind] = file;
                continue;
            }
            if (entity.Kind == EntityKind.HarvestSources && !sourceSite!.HasExtension("harvest")) continue; // none to dump
            var dump = RunStages.DumpLayout(Work("1-dump"), entity);
            await StepAsync("dump", entity.CliName, dump, f => stages.DumpAsync(entity, source!, sourceSite!, f, stages.FilesFolder(options.WorkFolder), incremental, cancellationToken)).ConfigureAwait(false);
            files[entity.Kind] = dump.OutputPath;
            if (entity.Kind == EntityKind.Datasets && File.Exists(RunStages.ListingPath(dump))) listing = RunStages.ListingPath(dump);
            if (entity.Kind == EntityKind.Datasets && tablesFolder is not null && sourceSite!.HasExtension("datastore"))
                await DumpTablesAsync(stages, source!, dump.OutputPath, tablesFolder, cancellationToken).ConfigureAwait(false);
        }
        var dumped = new Dictionary<EntityKind, string>(files);

        // 2. convert (the dgu profile; without one the dumps load as they are)
        if (options.Profile == "dgu")
        {
            if (files.TryGetValue(EntityKind.Users, out var users) && files.TryGetValue(EntityKind.Organizations, out var orgs))
            {
                var layout = new StageLayout(Work("2-convert"), "users", Output: true, Rejects: true, OwnerOnly: true);
                await StepAsync("convert", "users+organizations", layout, f => stages.ConvertUsersAsync(users, orgs, f, cancellationToken)).ConfigureAwait(false);
                files[EntityKind.Users] = layout.OutputPath;
                files[EntityKind.Organizations] = RunStages.ConvertedOrganizations(layout);
            }
            foreach (var kind in new[] { EntityKind.Datasets, EntityKind.HarvestSources })
            {
                if (!files.TryGetValue(kind, out var input)) continue;
                var layout = new StageLayout(Work("2-convert"), EntityDescriptor.For(kind).CliName, Output: true, Rejects: true, OwnerOnly: false);
                await StepAsync("convert", layout.Name, layout, f => stages.ConvertAsync(kind, input, f, cancellationToken)).ConfigureAwait(false);
                files[kind] = layout.OutputPath;
            }
        }

        // 3. filter (datasets carry metadata_modified); a folder source's mark is its newest record.
        // Without a cut-off nothing is left out, so no copy is written: the load reads the converted file.
        if (files.TryGetValue(EntityKind.Datasets, out var datasets) && since is null)
        {
            if (source is null)
                highWater = (await StepAsync("mark", "datasets", null, _ => stages.NewestInFileAsync(datasets, cancellationToken)).ConfigureAwait(false))["latest"]?.GetValue<string>();
        }
        else if (datasets is not null)
        {
            var layout = new StageLayout(Work("3-filter"), "datasets", Output: true, Rejects: true, OwnerOnly: false);
            var filtered = await StepAsync("filter", "datasets", layout, f => stages.FilterAsync(datasets, since, ledger.KeepAnyway(), f, cancellationToken)).ConfigureAwait(false);
            files[EntityKind.Datasets] = layout.OutputPath;
            if (source is null) highWater = filtered["latest"]?.GetValue<string>();
        }

        // 4. load, or write the files of an offline migration
        foreach (var entity in EntityDescriptor.InLoadOrder)
        {
            if (!files.TryGetValue(entity.Kind, out var input)) continue;
            var personal = entity.Kind == EntityKind.Users;
            if (target is not null)
                await StepAsync("load", entity.CliName, new StageLayout(Work("4-load"), entity.CliName, Output: false, Rejects: true, personal),
                    f => stages.LoadAsync(entity, input, target, targetSite!, f, stages.FilesFolder(options.WorkFolder), cancellationToken)).ConfigureAwait(false);
            else
                await StepAsync("write", entity.CliName, new StageLayout(Work("4-write"), entity.CliName, Output: true, Rejects: false, personal,
                    Path.Combine(options.To.Folder!, $"{entity.CliName}.jsonl")), f => stages.WriteAsync(input, f, cancellationToken)).ConfigureAwait(false);
            if (entity.Kind == EntityKind.Datasets && tablesFolder is not null && new DataStore.DataStoreFolder(tablesFolder).Definitions().Count > 0)
                await MoveTablesAsync(stages, target, targetSite, tablesFolder, cancellationToken).ConfigureAwait(false);
        }

        // 5. datasets gone from the source: confirmed, then deleted on the target or kept for a later run
        var result = new RunResult(_stages, highWater ?? _state.HighWaterMark, resumed, Work("report.md"));
        if (dumped.TryGetValue(EntityKind.Datasets, out var allDatasets))
            result = await DeletesAsync(result, listing ?? allDatasets, ledger, source, target, cancellationToken).ConfigureAwait(false);

        result = result with { Stages = _stages.ToList(), Pending = await ledger.PendingAsync(cancellationToken).ConfigureAwait(false) };
        await File.WriteAllTextAsync(Work("report.md"), RunReport.Markdown(options, result), cancellationToken).ConfigureAwait(false);
        var counts = new JsonObject();
        foreach (var s in _stages.Where(s => s.Stage is "load" or "write")) counts[s.Kind] = s.Total;
        _state.Succeed(highWater, counts, result.Pending);
        return result;
    }

    /// <summary>
    /// The DataStore tables of the datasets just dumped. A source whose datasets name none (and no
    /// earlier dump left tables behind) gets no step at all.
    /// </summary>
    private async Task DumpTablesAsync(RunStages stages, CkanClient source, string datasets, string folder, CancellationToken ct)
    {
        var tables = await DataStore.TablesInDatasets.ReadAsync(datasets, ct).ToListAsync(ct).ConfigureAwait(false);
        if (tables.Count == 0 && !Directory.Exists(folder)) return;
        await StepAsync("dump", "datastore", new StageLayout(Work("1-dump"), "datastore", Output: false, Rejects: false, OwnerOnly: false),
            f => stages.DumpDataStoreAsync(source, tables, folder, f, ct)).ConfigureAwait(false);
    }

    /// <summary>After the datasets are in (a table needs its resource): the tables into the target, or beside an offline run's files.</summary>
    private async Task MoveTablesAsync(RunStages stages, CkanClient? target, CkanSiteInfo? targetSite, string folder, CancellationToken ct)
    {
        if (target is not null)
            await StepAsync("load", "datastore", new StageLayout(Work("4-load"), "datastore", Output: false, Rejects: false, OwnerOnly: false),
                f => stages.LoadDataStoreAsync(target, targetSite!, folder, f, ct)).ConfigureAwait(false);
        else
            await StepAsync("write", "datastore", new StageLayout(Work("4-write"), "datastore", Output: false, Rejects: false, OwnerOnly: false),
                _ => RunStages.WriteDataStoreAsync(folder, Path.Combine(options.To.Folder!, "datastore"), ct)).ConfigureAwait(false);
    }

    /// <summary>Keys first: a wrong one would give a quietly partial portal, so nothing starts until both are known.</summary>
    private void CheckKeys(CkanSiteInfo? sourceSite, CkanSiteInfo? targetSite)
    {
        if (sourceSite is not null)
        {
            KeyPolicy.RequireAccepted(sourceSite, "source", options.From.Url!);
            KeyPolicy.RequireFullSource(sourceSite, options.PublicOnly);
        }
        if (targetSite is not null)
        {
            KeyPolicy.RequireAccepted(targetSite, "target", options.To.Url!);
            KeyPolicy.RequireTargetKey(targetSite);
        }
    }

    private async Task<RunResult> DeletesAsync(RunResult result, string allDatasets, IncrementalLedger ledger, CkanClient? source, CkanClient? target,
        CancellationToken ct)
    {
        using var current = await ledger.ReadCurrentAsync(allDatasets, ct).ConfigureAwait(false);
        var missing = ledger.Missing(current);
        var candidates = missing.ToDictionary(m => m.Key, m => m.Value.Name, StringComparer.Ordinal);

        Dictionary<string, string?> gone = [];
        List<string> stillThere = [];
        var stillToDelete = new Dictionary<string, string?>(StringComparer.Ordinal);
        var propagated = false;
        if (candidates.Count > 0)
        {
            var confirm = new StageLayout(Work("5-delete"), "confirm", Output: false, Rejects: false, OwnerOnly: false);
            await StepAsync("confirm", "datasets", confirm, async f =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                (gone, stillThere) = await new DeletePropagation(f!.Log).ConfirmAsync(candidates, source, ct).ConfigureAwait(false);
                return new StageResult("confirm", "datasets", [("gone", gone.Count), ("still at the source", stillThere.Count)], clock.Elapsed.TotalSeconds) { Read = candidates.Count };
            }, redoOnResume: true).ConfigureAwait(false);
            stillToDelete = gone;
            if (gone.Count > 0 && options.PropagateDeletes && target is not null)
            {
                var delete = new StageLayout(Work("5-delete"), "datasets", Output: false, Rejects: false, OwnerOnly: false);
                await StepAsync("delete", "datasets", delete, async f =>
                {
                    var (deleted, notDone) = await new DeletePropagation(f!.Log).DeleteAsync(gone, target, ct).ConfigureAwait(false);
                    stillToDelete = notDone;
                    return deleted;
                }, redoOnResume: true).ConfigureAwait(false);
                propagated = true;
            }
        }

        // Datasets still at the source stay in the ledger, so a later run compares them again.
        await ledger.SaveAsync(stillThere.Select(id => missing[id].Line).OfType<string>(), stillToDelete, ct).ConfigureAwait(false);
        return result with { GoneFromSource = gone.Keys.Order(StringComparer.Ordinal).ToList(), DeletesPropagated = propagated, StillAtSource = stillThere };
    }

    private DateTimeOffset? ResolveSince()
    {
        if (options.Since is null) return null;
        if (options.Since == "auto")
            return _state.HighWaterMark is { } mark && Timestamps.TryParse(mark, out var last) ? last : null; // first run: everything
        return Timestamps.TryParse(options.Since, out var instant) ? instant : throw new UsageException($"--since '{options.Since}' is not a timestamp");
    }

    /// <summary>
    /// The one contract of a stage: its files are opened (per <paramref name="layout"/>), the work
    /// runs, the outcome counts are checked to add up, the files are put in place, and the result
    /// is recorded. A step a resumed run already finished is skipped and its recorded result
    /// re-reported, unless it is one whose result later steps need in memory (<paramref name="redoOnResume"/>:
    /// the delete steps, which are safe to repeat).
    /// </summary>
    private async Task<JsonObject> StepAsync(string stage, string kind, StageLayout? layout, Func<StageFiles?, Task<StageResult>> work, bool redoOnResume = false)
    {
        var step = $"{stage}:{kind}";
        if (_state.IsDone(step) && !redoOnResume)
        {
            var done = _state.Step(step)!;
            Record(StepRecord.Read(stage, kind, done));
            return done;
        }
        StageResult result;
        _current = null;
        if (layout is null) result = await work(null).ConfigureAwait(false);
        else
        {
            await using var files = StageFiles.Open(layout);
            result = await work(files).ConfigureAwait(false);
            _current?.Finish();
            result.EnsureAddsUp();
            await files.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            result = Placed(result, files, layout);
        }
        Record(result);
        var details = StepRecord.Write(result);
        _state.MarkDone(step, details);
        return details;
    }

    /// <summary>Where the stage's words are: its log, its rejects file (when it rejected any), its first problems and skips.</summary>
    private static StageResult Placed(StageResult result, StageFiles files, StageLayout layout)
    {
        // The parts of a step share its log: each gets the entries that name its file (users line 4, organizations.jsonl line 2).
        IReadOnlyList<string> Mine(IReadOnlyList<string> entries, StageResult r) =>
            result.Parts.Count == 0 ? entries : entries.Where(e => e.StartsWith(r.Kind + " ", StringComparison.Ordinal) || e.StartsWith(r.Kind + ".", StringComparison.Ordinal)).ToList();
        StageResult Place(StageResult r) => r with
        {
            FirstProblems = Mine(files.Log.FirstProblems, r),
            FirstSkipped = Mine(files.Log.FirstSkipped, r),
            LogPath = layout.LogPath,
            RejectsPath = layout.Rejects && r.Counts.Any(c => c.Outcome == "rejected" && c.Count > 0) ? layout.RejectsPath : null,
        };
        return Place(result) with { Parts = result.Parts.Select(Place).ToList() };
    }

    /// <summary>A step's result, or its parts (one row per kind) when it has them.</summary>
    private void Record(StageResult result)
    {
        if (result.Parts.Count > 0) _stages.AddRange(result.Parts);
        else _stages.Add(result);
    }

    private ProgressCounter Watch(ProgressCounter counter)
    {
        _current = counter;
        watch?.Invoke(counter);
        return counter;
    }
}
