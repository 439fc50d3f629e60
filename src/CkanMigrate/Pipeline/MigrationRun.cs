using CkanMigrate.Ckan;
using CkanMigrate.Dump;
using CkanMigrate.Entities;
using CkanMigrate.Ids;
using CkanMigrate.Load;
using CkanMigrate.Portal;
using CkanMigrate.Portal.Vocabularies;
using CkanMigrate.Preflight;
using CkanMigrate.Reporting;
using CkanMigrate.WorkFolders;

namespace CkanMigrate.Pipeline;

/// <summary>
/// <c>run</c>: dump → convert → filter → load for every kind, in dependency order, keeping each
/// stage's files in the work folder (1-dump … 5-delete) so any stage can be inspected or re-run by
/// hand. Every stage has one contract (<see cref="RunSteps"/>). Finished steps are recorded in
/// state.json: an interrupted run re-run with the same work folder skips them and redoes the one in
/// progress (safe: loads skip unchanged records). A successful run records the high-water mark for
/// <c>--since auto</c>, the source's datasets, and what is still pending. A dry run does the same
/// reading in the work folder's dry-run/ and writes nothing to the target or to what the work folder
/// remembers.
/// </summary>
public sealed class MigrationRun(RunOptions options, Action<ProgressCounter>? watch = null)
{
    /// <summary>Where a dry run keeps its stage files and report: beside, never over, the real run's.</summary>
    public const string DryRunFolder = "dry-run";

    private RunSteps _steps = null!;

    private string StageRoot => options.DryRun ? Path.Combine(options.WorkFolder, DryRunFolder) : options.WorkFolder;

    private string Work(params string[] parts) => Path.Combine([StageRoot, .. parts]);

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (options.Since is not null && !options.To.IsCkan)
            throw new UsageException("--since is for a CKAN --to: a folder --to is always written whole (every record of every kind), so run it without --since");
        using var source = options.From.IsCkan ? options.ClientFor(options.From) : null;
        using var target = options.To.IsCkan ? options.ClientFor(options.To) : null;
        var sourceSite = source is null ? null : await source.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var targetSite = target is null ? null : await target.ProbeAsync(cancellationToken).ConfigureAwait(false);
        CheckKeys(sourceSite, targetSite);

        // Before anything is written: this folder's memory (the source's datasets, deletes to make)
        // must be of this very pair, or another source's datasets would all look gone.
        var pair = options.Pair(sourceSite, targetSite);
        WorkFolder.Claim(options.WorkFolder, pair);
        Directory.CreateDirectory(StageRoot);
        // Preflight: what the target is, before anything is written to it (more is asked as records need it).
        var profile = target is null ? null : await TargetProfile.LearnAsync(target, targetSite!, cancellationToken).ConfigureAwait(false);
        using var idMap = target is null ? null : IdMapFile.Open(StageRoot);
        var saved = RunState.Load(options.WorkFolder);
        var state = options.DryRun ? saved.Detached() : saved;
        var resumed = state.BeginOrResume(options.Fingerprint());
        // A profile file changed since the last run converts differently: every record is converted (and compared) again.
        var profileChanged = options.ProfileFile is { } current && state.ProfileDigest is { } before && before != current.Digest
            ? $"the profile file changed since the last run (digest {before[..12]} → {current.Digest[..12]}): every record was read and converted again, not only those changed at the source"
            : null;
        // A run that moves more than the last one did (files, tables, views it left) reads everything once more.
        var widened = options.Since is null ? null : WhyWidened(state.Scope, sourceSite);
        var readAll = profileChanged ?? widened;
        var since = readAll is null ? ResolveSince(state) : null;
        using var ledger = new IncrementalLedger(options.WorkFolder, state, options.DryRun ? StageRoot : null);
        _steps = new RunSteps(state, watch);
        var stages = new RunStages(options, _steps.Watch) { Target = profile, SourceSite = pair.Source.IdSite, IdMap = idMap };
        _steps.Plan = RunPlan.Steps(options, sourceSite, since is not null, stages.DataStoreFolder(StageRoot));

        // The high-water mark is read from the source before anything is listed, so no edit made
        // during this run can fall below it (it is re-sent next time at worst, and then unchanged).
        string? highWater = null;
        if (source is not null)
            highWater = (await _steps.StepAsync("mark", "datasets", null, _ => stages.MarkAsync(source, sourceSite!, cancellationToken)).ConfigureAwait(false)).Latest;

        // 1. dump (of datasets, with --since and a last run to compare with: only what changed, and a listing of all)
        var files = new Dictionary<EntityKind, string>();
        var whole = new Dictionary<EntityKind, string?>(); // per kind: null while nothing is lost on the way, else why
        var tablesFolder = stages.DataStoreFolder(StageRoot);
        (DateTimeOffset, Func<FilterKey, bool>)? incremental = since is { } cutoff && ledger.HasPrevious ? (cutoff, ledger.KeepAnyway()) : null;
        string? listing = null;
        var portal = new PortalStages(options, _steps.Watch) { FilesFolder = stages.FilesFolder(StageRoot) is { } filesFolder ? Path.Combine(filesFolder, "portal") : null };
        var portalFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in RunOrder.All)
        {
            if (step.Portal is { } portalKind)
            {
                if (!options.Moves(portalKind)) continue; // asked for by name only (--site-config, --followers)
                await DumpPortalKindAsync(portal, portalKind, source, sourceSite, files.GetValueOrDefault(EntityKind.Datasets), portalFiles, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var entity = step.Core!;
            if (!options.From.IsCkan)
            {
                if (options.From.FileOf(entity) is not { } file) continue;
                files[entity.Kind] = file;
                if (!options.To.IsCkan) whole[entity.Kind] = await CompleteDumps.WhyNotCompleteAsync(file, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (entity.Kind == EntityKind.HarvestSources && !sourceSite!.HasExtension("harvest")) continue; // none to dump
            var dump = RunStages.DumpLayout(Work("1-dump"), entity);
            var dumped = await _steps.StepAsync("dump", entity.CliName, dump,
                f => stages.DumpAsync(entity, source!, sourceSite!, f, stages.FilesFolder(StageRoot), incremental, cancellationToken)).ConfigureAwait(false);
            files[entity.Kind] = dump.OutputPath;
            whole[entity.Kind] = dumped.Unproven ? "the dump could not be proven complete" : dumped.Problems > 0 ? $"{dumped.Problems} failed to dump" : null;
            if (entity.Kind == EntityKind.Datasets && File.Exists(RunStages.ListingPath(dump))) listing = RunStages.ListingPath(dump);
            if (entity.Kind == EntityKind.Datasets && tablesFolder is not null && sourceSite!.HasExtension("datastore"))
                await DumpTablesAsync(stages, source!, dump.OutputPath, tablesFolder, cancellationToken).ConfigureAwait(false);
        }
        var sourceFiles = new Dictionary<EntityKind, string>(files);

        // 2. convert (the dgu profile, or a profile file's kinds; without one the dumps load as they are)
        if (options.ProfileFile is { } profileFile)
        {
            foreach (var entity in EntityDescriptor.InLoadOrder)
            {
                if (!files.TryGetValue(entity.Kind, out var input) || profileFile.ConverterFor(entity.Kind) is not { } converter) continue;
                var layout = new StageLayout(Work("2-convert"), entity.CliName, Output: true, Rejects: true, OwnerOnly: entity.Kind == EntityKind.Users);
                Lose(whole, entity.Kind, await _steps.StepAsync("convert", entity.CliName, layout, f => stages.ConvertAsync(entity.Kind, input, converter, f, cancellationToken)).ConfigureAwait(false));
                files[entity.Kind] = layout.OutputPath;
            }
        }
        else if (options.Profile == RunOptions.DguProfile)
        {
            if (files.TryGetValue(EntityKind.Users, out var users) && files.TryGetValue(EntityKind.Organizations, out var orgs))
            {
                var layout = new StageLayout(Work("2-convert"), "users", Output: true, Rejects: true, OwnerOnly: true);
                var converted = await _steps.StepAsync("convert", "users+organizations", layout, f => stages.ConvertUsersAsync(users, orgs, f, cancellationToken)).ConfigureAwait(false);
                files[EntityKind.Users] = layout.OutputPath;
                files[EntityKind.Organizations] = RunStages.ConvertedOrganizations(layout);
                foreach (var part in converted.Parts) Lose(whole, part.Kind == "users" ? EntityKind.Users : EntityKind.Organizations, part);
            }
            foreach (var kind in new[] { EntityKind.Datasets, EntityKind.HarvestSources })
            {
                if (!files.TryGetValue(kind, out var input)) continue;
                var layout = new StageLayout(Work("2-convert"), EntityDescriptor.For(kind).CliName, Output: true, Rejects: true, OwnerOnly: false);
                Lose(whole, kind, await _steps.StepAsync("convert", layout.Name, layout, f => stages.ConvertAsync(kind, input, stages.DguConverter(kind), f, cancellationToken)).ConfigureAwait(false));
                files[kind] = layout.OutputPath;
            }
        }

        // 3. filter (datasets carry metadata_modified); a folder source's mark is its newest record.
        // Without a cut-off nothing is left out, so no copy is written: the load reads the converted file.
        if (files.TryGetValue(EntityKind.Datasets, out var datasets) && since is null)
        {
            if (source is null)
                highWater = (await _steps.StepAsync("mark", "datasets", null, _ => stages.NewestInFileAsync(datasets, cancellationToken)).ConfigureAwait(false)).Latest;
        }
        else if (datasets is not null)
        {
            var layout = new StageLayout(Work("3-filter"), "datasets", Output: true, Rejects: true, OwnerOnly: false);
            var filtered = await _steps.StepAsync("filter", "datasets", layout, f => stages.FilterAsync(datasets, since, ledger.KeepAnyway(), f, cancellationToken)).ConfigureAwait(false);
            files[EntityKind.Datasets] = layout.OutputPath;
            if (source is null) highWater = filtered.Latest;
        }

        // 4. load, or write the files of an offline migration (a dry run writes them in its own folder)
        foreach (var step in RunOrder.All)
        {
            if (step.Portal is { } portalKind)
            {
                if (portalFiles.TryGetValue(portalKind.CliName, out var portalInput))
                    await MovePortalKindAsync(portal, stages, portalKind, portalInput, target, targetSite, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var entity = step.Core!;
            if (!files.TryGetValue(entity.Kind, out var input)) continue;
            var personal = entity.Kind == EntityKind.Users;
            // A dataset's vocabulary tags name the source's vocabulary ids: the target's, by name, are put in their place.
            var vocabularies = entity.Kind == EntityKind.Datasets && target is not null && portalFiles.TryGetValue(PortalKinds.Vocabularies.CliName, out var vocabularyFile)
                ? await VocabularyIds.ForSiteAsync(vocabularyFile, target, options.DryRun, cancellationToken).ConfigureAwait(false) : null;
            // Members the source took out of an organization go on the target too: the run knows the source's users.
            // Not where the target key's own account is unknown (an API token before 2.10): CKAN made it an admin of what it created.
            var members = entity.IsGroupLike && target is not null && targetSite!.Key.UserName is { } keyOwner && files.TryGetValue(EntityKind.Users, out var usersFile)
                ? await MemberRule.ReadAsync(usersFile, keyOwner, cancellationToken).ConfigureAwait(false) : null;
            if (target is not null)
                await _steps.StepAsync("load", entity.CliName, new StageLayout(Work("4-load"), entity.CliName, Output: false, Rejects: true, personal),
                    f => stages.LoadAsync(entity, input, target, targetSite!, f, stages.FilesFolder(StageRoot), cancellationToken, vocabularies, members)).ConfigureAwait(false);
            else
            {
                var output = options.DryRun ? null : Path.Combine(options.To.Folder!, $"{entity.CliName}.jsonl");
                var layout = new StageLayout(Work("4-write"), entity.CliName, Output: true, Rejects: false, personal, output);
                var written = await _steps.StepAsync("write", entity.CliName, layout, f => stages.WriteAsync(input, f, cancellationToken)).ConfigureAwait(false);
                if (!options.DryRun) // what a later run from this folder may take for every record
                    await CompleteDumps.RecordAsync(layout.OutputPath, options.From.ToString(), written.Total, whole.GetValueOrDefault(entity.Kind), cancellationToken).ConfigureAwait(false);
            }
            if (entity.Kind == EntityKind.Datasets && tablesFolder is not null && new DataStore.DataStoreFolder(tablesFolder).Definitions().Count > 0)
                await MoveTablesAsync(stages, target, targetSite, tablesFolder, cancellationToken).ConfigureAwait(false);
            if (entity.Kind == EntityKind.Datasets && options.DryRun && options.DataStore && profile is { DataStore: false })
                await _steps.StepAsync("plan", "datastore", null, _ => RunStages.PlanDataStoreAsync(input, cancellationToken)).ConfigureAwait(false);
        }

        // 5. datasets gone from the source: confirmed, then deleted on the target (within the limit) or kept for a later run
        var deletes = sourceFiles.TryGetValue(EntityKind.Datasets, out var allDatasets)
            ? await new RunDeletes(options, _steps, folder => Work(folder), profile?.Ids(pair.Source.IdSite)).RunAsync(listing ?? allDatasets, ledger, source, target, targetSite, cancellationToken).ConfigureAwait(false)
            : DeleteOutcome.None;

        // A dry run writes no dataset to learn from: it asks whether the target keeps metadata_modified (a probe that writes nothing).
        if (profile is not null && options.DryRun && files.ContainsKey(EntityKind.Datasets))
            await profile.AskMetadataModifiedAsync(cancellationToken).ConfigureAwait(false);
        var result = new RunResult(_steps.Results, highWater ?? state.HighWaterMark, resumed, Work("report.md"))
        {
            Notices = readAll is null ? [] : [readAll],
            Remarks = [.. PortalRemarks.Of(options)],
            Target = profile?.Describe() ?? [],
            Deletes = deletes,
            DryRun = options.DryRun,
            Pending = await ledger.PendingAsync(StageRoot, cancellationToken).ConfigureAwait(false),
        };
        await File.WriteAllTextAsync(Work("report.md"), RunReport.Markdown(options, result), cancellationToken).ConfigureAwait(false);
        state.Succeed(highWater, result.Stages.Where(s => s.Stage is "load" or "write").ToDictionary(s => s.Kind, s => s.Total), result.Pending, options.Scope(sourceSite), options.ProfileFile?.Digest);
        return result;
    }

    /// <summary>
    /// A portal kind from the source: dumped where the source has it (no step, and no row in the
    /// report, where it lacks the plugin or setting, or has none), or taken from a folder source
    /// that holds its file.
    /// </summary>
    private async Task DumpPortalKindAsync(PortalStages portal, PortalKind kind, CkanClient? source, CkanSiteInfo? site, string? datasets,
        Dictionary<string, string> portalFiles, CancellationToken ct)
    {
        if (source is null)
        {
            if (options.From.FileOf(kind.CliName) is { } file) portalFiles[kind.CliName] = file;
            return;
        }
        var layout = PortalStages.DumpLayout(Work("1-dump"), kind);
        var earlier = Path.Combine(options.WorkFolder, "1-dump", $"{kind.CliName}.jsonl"); // the last real run's, a dry run's too
        var dumped = await _steps.StepAsync("dump", kind.CliName, layout, f => portal.DumpAsync(kind, source, site!, datasets, earlier, f, ct), hideWhenEmpty: true).ConfigureAwait(false);
        if (dumped.Total > dumped.Problems) portalFiles[kind.CliName] = layout.OutputPath; // records to load
    }

    /// <summary>A portal kind into the target (after what it refers to), or beside an offline run's files.</summary>
    private async Task MovePortalKindAsync(PortalStages portal, RunStages stages, PortalKind kind, string input, CkanClient? target, CkanSiteInfo? targetSite, CancellationToken ct)
    {
        if (target is not null)
        {
            await _steps.StepAsync("load", kind.CliName, PortalStages.LoadLayout(Work("4-load"), kind), f => portal.LoadAsync(kind, input, target, targetSite!, f, ct)).ConfigureAwait(false);
            return;
        }
        var output = options.DryRun ? null : Path.Combine(options.To.Folder!, $"{kind.CliName}.jsonl");
        await _steps.StepAsync("write", kind.CliName, new StageLayout(Work("4-write"), kind.CliName, Output: true, Rejects: false, OwnerOnly: true, output),
            f => stages.WriteAsync(input, f, ct)).ConfigureAwait(false);
    }

    /// <summary>A stage that rejected records of a kind: a folder written from it does not hold every record.</summary>
    private static void Lose(Dictionary<EntityKind, string?> whole, EntityKind kind, StageResult stage)
    {
        if (stage.Problems > 0 && whole.GetValueOrDefault(kind) is null) whole[kind] = $"{stage.Problems} rejected by {stage.Stage} {stage.Kind}";
    }

    /// <summary>
    /// The DataStore tables of the datasets just dumped. A source whose datasets name none (and no
    /// earlier dump left tables behind) gets no step at all.
    /// </summary>
    private async Task DumpTablesAsync(RunStages stages, CkanClient source, string datasets, string folder, CancellationToken ct)
    {
        var tables = await DataStore.TablesInDatasets.ReadAsync(datasets, ct).ToListAsync(ct).ConfigureAwait(false);
        if (tables.Count == 0 && !Directory.Exists(folder)) return;
        await _steps.StepAsync("dump", "datastore", new StageLayout(Work("1-dump"), "datastore", Output: false, Rejects: false, OwnerOnly: false),
            f => stages.DumpDataStoreAsync(source, tables, folder, f, ct)).ConfigureAwait(false);
    }

    /// <summary>After the datasets are in (a table needs its resource): the tables into the target, or beside an offline run's files.</summary>
    private async Task MoveTablesAsync(RunStages stages, CkanClient? target, CkanSiteInfo? targetSite, string folder, CancellationToken ct)
    {
        if (target is not null)
            await _steps.StepAsync("load", "datastore", new StageLayout(Work("4-load"), "datastore", Output: false, Rejects: false, OwnerOnly: false),
                f => stages.LoadDataStoreAsync(target, targetSite!, folder, f, ct)).ConfigureAwait(false);
        else if (!options.DryRun)
            await _steps.StepAsync("write", "datastore", new StageLayout(Work("4-write"), "datastore", Output: false, Rejects: false, OwnerOnly: false),
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

    private string? WhyWidened(IReadOnlyList<string>? before, CkanSiteInfo? sourceSite)
    {
        if (before is null) return null; // a last run from before scopes were recorded: taken as moving what this one does
        var added = options.Scope(sourceSite).Except(before, StringComparer.Ordinal).Select(s => s == "private" ? "private and draft datasets (its source key was not a sysadmin's)" : s).ToList();
        return added.Count == 0 ? null
            : $"the last run did not move {string.Join(", ", added)}: every record was read again, not only those changed since it, so what the unchanged datasets hold moves too";
    }

    private DateTimeOffset? ResolveSince(RunState state)
    {
        if (options.Since is null) return null;
        if (options.Since == RunOptions.SinceLastRun)
            return state.HighWaterMark is { } mark && Timestamps.TryParse(mark, out var last) ? last : null; // first run: everything
        return Timestamps.TryParse(options.Since, out var instant) ? instant : throw new UsageException($"--since '{options.Since}' is not a timestamp");
    }
}
