using System.Diagnostics;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;
using CkanMigrate.Entities;
using CkanMigrate.Filter;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Reporting;

namespace CkanMigrate.Pipeline;

/// <summary>
/// <c>run</c>: dump → convert → filter → load for every kind, in dependency order, keeping each
/// stage's files in the work folder (1-dump, 2-convert, 3-filter, 4-load) so any stage can be
/// inspected or re-run by hand. Finished steps are recorded in state.json: an interrupted run
/// re-run with the same work folder skips them and redoes the one in progress (which is safe:
/// loads skip unchanged records). A successful run records the source's high-water mark for
/// <c>--since auto</c> and the source's dataset ids, to report datasets that disappear.
/// </summary>
public sealed class MigrationRun(RunOptions options, Action<ProgressCounter>? watch = null)
{
    private readonly List<StageResult> _stages = [];
    private RunState _state = null!;
    private long _rejected;

    private string Work(params string[] parts) => Path.Combine([options.WorkFolder, .. parts]);

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using var source = options.From.IsCkan ? Client(options.From) : null;
        using var target = options.To.IsCkan ? Client(options.To) : null;
        var sourceSite = source is null ? null : await source.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var targetSite = target is null ? null : await target.ProbeAsync(cancellationToken).ConfigureAwait(false);
        // Keys first: a wrong one would give a quietly partial portal, so nothing starts until both are known.
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

        Directory.CreateDirectory(options.WorkFolder);
        _state = RunState.Load(options.WorkFolder);
        var resumed = _state.BeginOrResume(options.Fingerprint());
        var since = ResolveSince();
        var ledger = new IncrementalLedger(options.WorkFolder, _state);
        if (since is not null && !options.To.IsCkan && options.Since == "auto")
            throw new ArgumentException("--since auto with a folder as --to would replace the complete files with the changes only: run without --since to rewrite the folder");

        // The high-water mark is read from the source before anything is listed, so no edit made
        // during this run can fall below it (it is re-sent next time at worst, and then unchanged).
        string? highWater = null;
        if (source is not null)
        {
            var mark = await StepAsync("mark:datasets", "mark", "datasets", async () =>
            {
                var newest = await IncrementalLedger.NewestModifiedAsync(source, sourceSite!, cancellationToken).ConfigureAwait(false);
                return new StageResult("mark", "datasets", [], 0, newest is null ? "no datasets" : $"newest metadata_modified {newest}") { Latest = newest };
            }).ConfigureAwait(false);
            highWater = mark["latest"]?.GetValue<string>();
        }

        // 1. dump
        var dumped = new Dictionary<EntityKind, string>();
        foreach (var entity in EntityDescriptor.InLoadOrder)
        {
            var file = options.From.IsCkan
                ? await DumpAsync(entity, source!, sourceSite!, cancellationToken).ConfigureAwait(false)
                : options.From.FileOf(entity);
            if (file is not null) dumped[entity.Kind] = file;
        }

        // 2. convert
        var converted = await ConvertAsync(dumped, cancellationToken).ConfigureAwait(false);

        // 3. filter (datasets carry metadata_modified); a folder source's mark is its newest record
        if (converted.TryGetValue(EntityKind.Datasets, out var datasetsFile))
        {
            var (file, latest) = await FilterAsync(datasetsFile, since, ledger.KeepAnyway(), cancellationToken).ConfigureAwait(false);
            converted[EntityKind.Datasets] = file;
            if (source is null) highWater = latest;
        }

        // 4. load, or write the files of an offline migration
        foreach (var entity in EntityDescriptor.InLoadOrder)
        {
            if (!converted.TryGetValue(entity.Kind, out var file)) continue;
            if (target is not null) await LoadAsync(entity, file, target, targetSite!, cancellationToken).ConfigureAwait(false);
            else await WriteAsync(entity, file, cancellationToken).ConfigureAwait(false);
        }

        // 5. datasets gone from the source since the last successful run
        var gone = new List<string>();
        var current = dumped.TryGetValue(EntityKind.Datasets, out var allDatasets) ? await IncrementalLedger.SourceDatasetsAsync(allDatasets, cancellationToken).ConfigureAwait(false) : null;
        if (current is not null)
            gone = ledger.PreviousSourceDatasets().Keys.Where(id => !current.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var propagated = false;
        if (gone.Count > 0 && options.PropagateDeletes && target is not null)
        {
            await DeleteAsync(gone, target, cancellationToken).ConfigureAwait(false);
            propagated = true;
        }

        if (current is not null)
            await ledger.SaveSourceDatasetsAsync(current, cancellationToken).ConfigureAwait(false);
        var pending = await ledger.PendingAsync(cancellationToken).ConfigureAwait(false);
        var counts = new JsonObject();
        foreach (var s in _stages.Where(s => s.Stage is "load" or "write")) counts[s.Kind] = s.Total;
        var result = new RunResult(_stages, gone, propagated, highWater ?? _state.HighWaterMark, resumed, _rejected, Work("report.md")) { Pending = pending };
        await File.WriteAllTextAsync(Work("report.md"), RunReport.Markdown(options, result), cancellationToken).ConfigureAwait(false);
        _state.Succeed(highWater, counts, pending);
        return result;
    }

    private DateTimeOffset? ResolveSince()
    {
        if (options.Since is null) return null;
        if (options.Since == "auto")
            return _state.HighWaterMark is { } mark && Timestamps.TryParse(mark, out var last) ? last : null; // first run: everything
        return Timestamps.TryParse(options.Since, out var instant) ? instant : throw new ArgumentException($"--since '{options.Since}' is not a timestamp");
    }

    private CkanClient Client(Endpoint endpoint)
    {
        var transport = options.Transport ?? new CkanClientOptions { BaseUrl = endpoint.Url! };
        return new CkanClient(transport with { BaseUrl = endpoint.Url!, ApiKey = endpoint.ApiKey });
    }

    /// <summary>Runs a step once per run: skipped (its recorded result re-reported) when a resumed run already finished it.</summary>
    private async Task<JsonObject> StepAsync(string step, string stage, string kind, Func<Task<StageResult>> work)
    {
        if (_state.IsDone(step))
        {
            var done = _state.Step(step)!;
            var counts = (done["counts"] as JsonObject ?? []).Select(p => (p.Key, p.Value!.GetValue<long>())).ToList();
            var earlier = done["note"]?.GetValue<string>();
            _stages.Add(new StageResult(stage, kind, counts, done["seconds"]?.GetValue<double>() ?? 0, earlier is null ? "done before resuming" : $"{earlier}; done before resuming"));
            return done;
        }
        var result = await work().ConfigureAwait(false);
        _stages.Add(result);
        _rejected += result.Counts.Where(c => c.Outcome == "rejected").Sum(c => c.Count);
        var details = new JsonObject
        {
            ["counts"] = new JsonObject(result.Counts.Select(c => KeyValuePair.Create(c.Outcome, (JsonNode?)c.Count))),
            ["seconds"] = result.Seconds,
            ["note"] = result.Note,
            ["latest"] = result.Latest,
        };
        _state.MarkDone(step, details);
        return details;
    }

    private async Task<string?> DumpAsync(EntityDescriptor entity, CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        if (entity.Kind == EntityKind.HarvestSources && !site.HasExtension("harvest")) return null;
        var path = Work("1-dump", $"{entity.CliName}.jsonl");
        await StepAsync($"dump:{entity.CliName}", "dump", entity.CliName, async () =>
        {
            var progress = Watch(new ProgressCounter($"dump {entity.CliName}"));
            await using var log = RecordLog.Open(Work("1-dump", $"{entity.CliName}.log"));
            await using var file = AtomicOutputFile.Create(path, gzip: false, ownerOnly: entity.Kind == EntityKind.Users);
            var summary = await new DumpRunner(client, site).RunAsync(new DumpOptions { Entity = entity, Parallel = options.Parallel }, file.Stream, log, progress, ct).ConfigureAwait(false);
            await file.CommitAsync(ct).ConfigureAwait(false);
            return new StageResult("dump", entity.CliName, [("dumped", summary.Written), ("failed", summary.Failed)], summary.Elapsed.TotalSeconds);
        }).ConfigureAwait(false);
        return path;
    }

    private async Task<Dictionary<EntityKind, string>> ConvertAsync(Dictionary<EntityKind, string> dumped, CancellationToken ct)
    {
        var converted = new Dictionary<EntityKind, string>(dumped);
        if (options.Profile != "dgu") return converted; // no profile: the dumps load as they are
        Directory.CreateDirectory(Work("2-convert"));

        if (dumped.TryGetValue(EntityKind.Users, out var users) && dumped.TryGetValue(EntityKind.Organizations, out var orgs))
        {
            var drupalPath = options.DrupalUsers ?? throw new ArgumentException("the dgu profile needs --drupal-users to convert users");
            var usersOut = Work("2-convert", "users.jsonl");
            var orgsOut = Work("2-convert", "organizations.jsonl");
            await StepAsync("convert:users", "convert", "users+organizations", async () =>
            {
                var clock = Stopwatch.StartNew();
                var table = await DrupalUsersTable.LoadAsync(drupalPath, ct).ConfigureAwait(false);
                await using var log = RecordLog.Open(Work("2-convert", "users.log"));
                await using var usersFile = AtomicOutputFile.Create(usersOut, false, ownerOnly: true);
                await using var orgsFile = AtomicOutputFile.Create(orgsOut, false, ownerOnly: false);
                await using var rejects = AtomicOutputFile.Create(Work("2-convert", "users.rejects.jsonl"), false, ownerOnly: true);
                var summary = await new DguUserMigration(table, options.Production).RunAsync(users, orgs, usersFile.Stream, orgsFile.Stream, log,
                    rejects.Stream, rejects.Stream, Watch(new ProgressCounter("convert users")), ct).ConfigureAwait(false);
                await usersFile.CommitAsync(ct).ConfigureAwait(false);
                await orgsFile.CommitAsync(ct).ConfigureAwait(false);
                await rejects.CommitAsync(ct).ConfigureAwait(false);
                return new StageResult("convert", "users+organizations",
                    [("converted", summary.Users.Converted + summary.Organizations.Converted + summary.DrupalOnlyWritten),
                     ("skipped", summary.Users.Skipped + summary.Organizations.Skipped),
                     ("rejected", summary.Users.Rejected + summary.Organizations.Rejected + table.BadRows.Count)],
                    clock.Elapsed.TotalSeconds);
            }).ConfigureAwait(false);
            converted[EntityKind.Users] = usersOut;
            converted[EntityKind.Organizations] = orgsOut;
        }

        foreach (var (kind, converter) in new (EntityKind, IRecordConverter)[]
                 {
                     (EntityKind.Datasets, new DguDatasetConverter()),
                     (EntityKind.HarvestSources, new DguHarvestSourceConverter(options.Production)),
                 })
        {
            if (!dumped.TryGetValue(kind, out var input)) continue;
            var name = EntityDescriptor.For(kind).CliName;
            var output = Work("2-convert", $"{name}.jsonl");
            await StepAsync($"convert:{name}", "convert", name, async () =>
            {
                await using var log = RecordLog.Open(Work("2-convert", $"{name}.log"));
                await using var file = AtomicOutputFile.Create(output, false, ownerOnly: false);
                await using var rejects = AtomicOutputFile.Create(Work("2-convert", $"{name}.rejects.jsonl"), false, ownerOnly: false);
                var summary = await new ConvertRunner(converter).RunAsync(JsonLinesReader.ReadAsync(input, ct), file.Stream, log, rejects.Stream,
                    Watch(new ProgressCounter($"convert {name}")), cancellationToken: ct).ConfigureAwait(false);
                await file.CommitAsync(ct).ConfigureAwait(false);
                await rejects.CommitAsync(ct).ConfigureAwait(false);
                return new StageResult("convert", name, [("converted", summary.Converted), ("skipped", summary.Skipped), ("rejected", summary.Rejected)], summary.Elapsed.TotalSeconds);
            }).ConfigureAwait(false);
            converted[kind] = output;
        }
        return converted;
    }

    /// <summary>Keeps the datasets modified since the cut-off (all of them without one) and finds the latest metadata_modified.</summary>
    private async Task<(string File, string? Latest)> FilterAsync(string input, DateTimeOffset? since, Func<FilterKey, bool> keepAnyway, CancellationToken ct)
    {
        var output = Work("3-filter", "datasets.jsonl");
        var details = await StepAsync("filter:datasets", "filter", "datasets", async () =>
        {
            await using var file = AtomicOutputFile.Create(output, false, ownerOnly: false);
            await using var rejects = AtomicOutputFile.Create(Work("3-filter", "datasets.rejects.jsonl"), false, ownerOnly: false);
            var summary = await new SinceFilter(since ?? DateTimeOffset.MinValue, since is null ? null : keepAnyway).RunAsync(JsonLinesReader.ReadAsync(input, ct), file.Stream, RecordLog.None,
                rejects.Stream, Watch(new ProgressCounter("filter datasets")), ct).ConfigureAwait(false);
            await file.CommitAsync(ct).ConfigureAwait(false);
            await rejects.CommitAsync(ct).ConfigureAwait(false);
            var note = since is { } s ? $"since {Timestamps.Format(s)}" : "everything";
            var latest = summary.Latest is { } l ? Timestamps.Format(l) : null;
            if (summary.KeptAnyway > 0) note += $"; {summary.KeptAnyway} older kept (pending or bulk-changed)";
            return new StageResult("filter", "datasets", [("kept", summary.Kept), ("older", summary.Dropped), ("rejected", summary.Rejected)], summary.Elapsed.TotalSeconds,
                latest is null ? note : $"{note}; latest {latest}") { Latest = latest };
        }).ConfigureAwait(false);
        return (output, details["latest"]?.GetValue<string>());
    }

    private async Task LoadAsync(EntityDescriptor entity, string input, CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        // Harvest sources go to the loader even when the target has no harvest plugin: each is then
        // rejected with that reason rather than dropped without an outcome.
        Directory.CreateDirectory(Work("4-load"));
        await StepAsync($"load:{entity.CliName}", "load", entity.CliName, async () =>
        {
            await using var log = RecordLog.Open(Work("4-load", $"{entity.CliName}.log"));
            await using var rejects = AtomicOutputFile.Create(Work("4-load", $"{entity.CliName}.rejects.jsonl"), false, ownerOnly: entity.Kind == EntityKind.Users);
            var summary = await new LoadRunner(client, site).RunAsync(new LoadOptions { Entity = entity, Parallel = options.Parallel },
                JsonLinesReader.ReadAsync(input, ct), log, rejects.Stream, Watch(new ProgressCounter($"load {entity.CliName}")), ct).ConfigureAwait(false);
            await rejects.CommitAsync(ct).ConfigureAwait(false);
            if (summary.StoppedBecause is not null)
                throw new RunStoppedException($"load {entity.CliName} stopped before line {summary.ResumeLine}: {summary.StoppedBecause}");
            return new StageResult("load", entity.CliName,
                [.. Enum.GetValues<LoadOutcome>().Select(o => (o.ToString().ToLowerInvariant(), summary[o]))], summary.Elapsed.TotalSeconds);
        }).ConfigureAwait(false);
    }

    private async Task WriteAsync(EntityDescriptor entity, string input, CancellationToken ct)
    {
        var folder = options.To.Folder!;
        await StepAsync($"write:{entity.CliName}", "write", entity.CliName, async () =>
        {
            var clock = Stopwatch.StartNew();
            await using var file = AtomicOutputFile.Create(Path.Combine(folder, $"{entity.CliName}.jsonl"), false, ownerOnly: entity.Kind == EntityKind.Users);
            long lines = 0;
            await foreach (var line in JsonLinesReader.ReadAsync(input, ct).ConfigureAwait(false))
            {
                if (line.IsBlank) continue;
                await file.Stream.WriteAsync(line.Raw, ct).ConfigureAwait(false);
                file.Stream.WriteByte((byte)'\n');
                lines++;
            }
            await file.CommitAsync(ct).ConfigureAwait(false);
            return new StageResult("write", entity.CliName, [("written", lines)], clock.Elapsed.TotalSeconds);
        }).ConfigureAwait(false);
    }

    private async Task DeleteAsync(IReadOnlyList<string> ids, CkanClient client, CancellationToken ct)
    {
        await StepAsync("delete:datasets", "delete", "datasets", async () =>
        {
            var clock = Stopwatch.StartNew();
            long deleted = 0, absent = 0;
            foreach (var id in ids)
            {
                try
                {
                    await client.CallAsync("package_delete", new JsonObject { ["id"] = id }, ct).ConfigureAwait(false);
                    deleted++;
                }
                catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
                {
                    absent++;
                }
            }
            return new StageResult("delete", "datasets", [("deleted", deleted), ("not on target", absent)], clock.Elapsed.TotalSeconds);
        }).ConfigureAwait(false);
    }

    private ProgressCounter Watch(ProgressCounter counter)
    {
        watch?.Invoke(counter);
        return counter;
    }
}
