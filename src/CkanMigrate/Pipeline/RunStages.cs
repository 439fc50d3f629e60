using System.Diagnostics;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;
using CkanMigrate.Entities;
using CkanMigrate.Filter;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.DataStore;
using CkanMigrate.Reporting;

namespace CkanMigrate.Pipeline;

/// <summary>
/// The work of each stage of a run, one method per stage: given its input and its open
/// <see cref="StageFiles"/>, it runs the same runner the single verbs use and says how every record
/// ended (counts that add up to <see cref="StageResult.Read"/> where the stage reads a file).
/// </summary>
internal sealed class RunStages(RunOptions options, Func<ProgressCounter, ProgressCounter> watch)
{
    /// <summary>What the target is (the preflight's findings, and what the loads learn), for a CKAN target.</summary>
    public Preflight.TargetProfile? Target { get; init; }

    /// <summary>The source's identity, from which ids the target refuses are derived.</summary>
    public string? SourceSite { get; init; }

    /// <summary>Where the source → target id pairs go (id-map.tsv in the work folder).</summary>
    public Ids.IdMapFile? IdMap { get; init; }

    public static StageLayout DumpLayout(string folder, EntityDescriptor entity) =>
        new(folder, entity.CliName, Output: true, Rejects: false, OwnerOnly: entity.Kind == EntityKind.Users);

    /// <summary>The dgu user conversion writes organizations too, beside its users.</summary>
    public static string ConvertedOrganizations(StageLayout users) => Path.Combine(users.Folder, "organizations.jsonl");

    public async Task<StageResult> MarkAsync(CkanClient source, CkanSiteInfo site, CancellationToken ct)
    {
        var newest = await IncrementalLedger.NewestModifiedAsync(source, site, ct).ConfigureAwait(false);
        return new StageResult("mark", "datasets", [], 0, newest is null ? "no datasets" : $"newest metadata_modified {newest}") { Latest = newest };
    }

    /// <summary>Where a run keeps the uploaded files: fetched by the datasets dump, sent by the datasets load.</summary>
    public string? FilesFolder(string workFolder) =>
        !options.Files || options.DryRun ? null // a dry run fetches and sends no file
        : options.From.IsCkan ? Path.Combine(workFolder, "1-dump", "files")
        : Path.Combine(options.From.Folder!, "files") is var beside && Directory.Exists(beside) ? beside : null;

    /// <summary>Where an incremental datasets dump lists every dataset (id, name, private, state) beside the few it read whole.</summary>
    public static string ListingPath(StageLayout dump) => Path.Combine(dump.Folder, $"{dump.Name}.listing.jsonl");

    /// <param name="incremental">for datasets: read only what changed since then, or what the rule keeps anyway; null for everything</param>
    public async Task<StageResult> DumpAsync(EntityDescriptor entity, CkanClient client, CkanSiteInfo site, StageFiles? files, string? filesFolder,
        (DateTimeOffset Since, Func<FilterKey, bool> KeepAnyway)? incremental, CancellationToken ct)
    {
        var listingPath = ListingPath(files!.Layout);
        await using var listing = entity.Kind == EntityKind.Datasets && incremental is not null ? AtomicOutputFile.Create(listingPath, false, ownerOnly: false) : null;
        var summary = await new DumpRunner(client, site).RunAsync(
            new DumpOptions
            {
                Entity = entity, Parallel = options.Parallel, FilesFolder = Files.UploadFinder.HoldsFiles(entity.Kind) ? filesFolder : null,
                Changed = listing is null ? null : new ChangedSince(incremental!.Value.Since, incremental.Value.KeepAnyway, listing.Stream),
            },
            files.Output, files.Log, watch(new ProgressCounter($"dump {entity.CliName}")), ct).ConfigureAwait(false);
        // Only an incremental dump's listing stands for the source's datasets; after a full one the dump itself does.
        if (summary.Incremental is not null) await listing!.CommitAsync(ct).ConfigureAwait(false);
        else if (entity.Kind == EntityKind.Datasets) File.Delete(listingPath);
        List<(string, long)> counts = [("dumped", summary.Written), ("failed", summary.Failed)];
        if (summary.Files is { } fetched) counts.AddRange(FileCounts(fetched));
        var note = string.Join("; ", new[] { summary.Incremental, summary.Files is { Total: > 0 } f ? $"files: {f.Describe()}" : null }.OfType<string>());
        return new StageResult("dump", entity.CliName, counts, summary.Elapsed.TotalSeconds, note.Length > 0 ? note : null)
        {
            Warnings = summary.Warnings,
            Unproven = summary.Unproven is not null,
        };
    }

    public async Task<StageResult> ConvertUsersAsync(string users, string organizations, StageFiles? files, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var drupalPath = options.DrupalUsers ?? throw new UsageException("the dgu profile needs --drupal-users to convert users");
        var table = await DrupalUsersTable.LoadAsync(drupalPath, ct).ConfigureAwait(false);
        await using var orgsFile = AtomicOutputFile.Create(ConvertedOrganizations(files!.Layout), false, ownerOnly: false);
        var summary = await new DguUserMigration(table, options.Production).RunAsync(users, organizations, files.Output, orgsFile.Stream, files.Log,
            files.Rejects, files.Rejects, watch(Counted("convert users", users, organizations)), ct).ConfigureAwait(false);
        await orgsFile.CommitAsync(ct).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        // One pass makes both files; the report shows each kind on its own row.
        var usersPart = new StageResult("convert", "users",
            [("converted", summary.Users.Converted), ("added from Drupal", summary.DrupalOnlyWritten),
             ("skipped", summary.Users.Skipped), ("rejected", summary.Users.Rejected + table.BadRows.Count)], seconds)
        {
            Read = summary.Users.LinesRead + summary.DrupalOnlyWritten + table.BadRows.Count,
            Warnings = table.BadRows.Select(bad => $"{bad}: row left out").ToList(),
        };
        var organizationsPart = new StageResult("convert", "organizations",
            summary.Organizations.Outcomes.Counts(), seconds)
        {
            Read = summary.Organizations.LinesRead,
        };
        return new StageResult("convert", "users+organizations",
            [.. usersPart.Counts.Concat(organizationsPart.Counts).GroupBy(c => c.Outcome).Select(g => (g.Key, g.Sum(c => c.Count)))], seconds)
        {
            Read = usersPart.Read + organizationsPart.Read,
            Warnings = usersPart.Warnings,
            Parts = [usersPart, organizationsPart],
        };
    }

    /// <summary>The dgu profile's converter of a kind it converts one file at a time (datasets, harvest sources).</summary>
    public IRecordConverter DguConverter(EntityKind kind) => kind == EntityKind.Datasets ? new DguDatasetConverter() : new DguHarvestSourceConverter(options.Production);

    public async Task<StageResult> ConvertAsync(EntityKind kind, string input, IRecordConverter converter, StageFiles? files, CancellationToken ct)
    {
        var name = EntityDescriptor.For(kind).CliName;
        var summary = await new ConvertRunner(converter).RunAsync(JsonLinesReader.ReadAsync(input, ct), files!.Output, files.Log, files.Rejects,
            watch(Counted($"convert {name}", input)), cancellationToken: ct).ConfigureAwait(false);
        return new StageResult("convert", name, summary.Outcomes.Counts(), summary.Elapsed.TotalSeconds)
        {
            Read = summary.LinesRead,
        };
    }

    /// <summary>The newest metadata_modified in a file (a folder source's high-water mark), read without writing anything.</summary>
    public async Task<StageResult> NewestInFileAsync(string input, CancellationToken ct)
    {
        await using var log = RecordLog.None;
        var summary = await new SinceFilter(DateTimeOffset.MinValue).RunAsync(JsonLinesReader.ReadAsync(input, ct), Stream.Null, log, null,
            new ProgressCounter("mark datasets"), ct).ConfigureAwait(false);
        var latest = summary.Latest is { } l ? Timestamps.Format(l) : null;
        return new StageResult("mark", "datasets", [], summary.Elapsed.TotalSeconds, latest is null ? "no datasets" : $"newest metadata_modified {latest}") { Latest = latest };
    }

    /// <summary>Keeps the datasets modified since the cut-off (all of them without one) and finds the latest metadata_modified.</summary>
    public async Task<StageResult> FilterAsync(string input, DateTimeOffset? since, Func<FilterKey, bool> keepAnyway, StageFiles? files, CancellationToken ct)
    {
        var summary = await new SinceFilter(since ?? DateTimeOffset.MinValue, since is null ? null : keepAnyway).RunAsync(JsonLinesReader.ReadAsync(input, ct),
            files!.Output, files.Log, files.Rejects, watch(Counted("filter datasets", input)), ct).ConfigureAwait(false);
        var note = since is { } s ? $"since {Timestamps.Format(s)}" : "everything";
        var latest = summary.Latest is { } l ? Timestamps.Format(l) : null;
        if (summary.KeptAnyway > 0) note += $"; {summary.KeptAnyway} older kept (pending or bulk-changed)";
        return new StageResult("filter", "datasets", summary.Outcomes.Counts(), summary.Elapsed.TotalSeconds,
            latest is null ? note : $"{note}; latest {latest}")
        {
            Latest = latest,
            Read = summary.LinesRead,
        };
    }

    /// <summary>A stage's counter with its input's line count as the total, for the bar's percent and ETA (a page-cache pass; gzip is not counted).</summary>
    private static ProgressCounter Counted(string label, params string[] inputs)
    {
        var counter = new ProgressCounter(label);
        var counts = inputs.Select(LineCounter.TryCount).ToList();
        if (counts.All(c => c is not null)) counter.SetTotal(counts.Sum(c => c!.Value));
        return counter;
    }

    /// <summary>Files as outcome counts of their own ("files failed" is a problem of the run, as a failed record is).</summary>
    private static IEnumerable<(string, long)> FileCounts(Files.FileSummary files) =>
        files.Outcomes.Entries.Where(e => e.Count > 0).OrderBy(e => OutcomeWords.Of(e.Outcome), StringComparer.Ordinal).Select(e => ($"files {OutcomeWords.Of(e.Outcome)}", e.Count));

    /// <param name="vocabularies">datasets: the source's vocabularies as the target knows them (see <see cref="Portal.Vocabularies.VocabularyIds"/>), or null</param>
    public async Task<StageResult> LoadAsync(EntityDescriptor entity, string input, CkanClient client, CkanSiteInfo site, StageFiles? files, string? filesFolder,
        CancellationToken ct, Portal.Vocabularies.VocabularyIds? vocabularies = null, MemberRule? members = null)
    {
        var folder = Files.UploadFinder.HoldsFiles(entity.Kind) && filesFolder is not null && Directory.Exists(filesFolder) ? filesFolder : null;
        var progress = watch(Counted($"load {entity.CliName}", input));
        var memoryPath = Path.Combine(options.WorkFolder, UnkeptFile);
        var unkept = UnkeptMemory.Read(memoryPath, entity.Kind);
        var summary = await new LoadRunner(client, site).RunAsync(
            new LoadOptions
            {
                Entity = entity, Parallel = options.Parallel, FilesFolder = folder, InputCount = progress.Total, InputBytes = JsonLines.LineCounter.PlainBytes(input),
                DryRun = options.DryRun, Unkept = unkept, Target = Target, SourceSite = SourceSite, IdMap = IdMap, Vocabularies = vocabularies, Members = members,
            },
            JsonLinesReader.ReadAsync(input, ct), files!.Log, files.Rejects, progress, ct).ConfigureAwait(false);
        if (!options.DryRun) unkept.Save(memoryPath, entity.Kind);
        if (summary.StoppedBecause is not null)
            throw new RunStoppedException($"load {entity.CliName} stopped before line {summary.ResumeLine}: {summary.StoppedBecause}");
        var warnings = new List<string>();
        if (summary.NotKeptRecords > 0)
            warnings.Add($"{summary.NotKeptRecords} {entity.CliName} {(options.DryRun ? "would be written without what the target key may not write" : "written without fields the target did not keep")} ({string.Join(", ", summary.NotKeptFields.Select(f => $"{f.Key} ×{f.Value}"))}); each is listed in {files.Layout.LogPath}");
        if (unkept.Fields.Count > 0)
            warnings.Add($"the target does not keep these {entity.CliName} fields, so they are not compared (a record differing only there is unchanged, not written again): {string.Join(", ", unkept.Fields)}; verify lists them");
        var note = string.Join("; ", new[]
        {
            summary.NotKeptRecords > 0 ? $"{summary.NotKeptRecords} not kept in full" : null,
            summary.Strategy.StartsWith("show per record (", StringComparison.Ordinal) ? $"target read by {summary.Strategy}" : null,
            summary.Parents is { } links && links.Linked + links.NotKept > 0 ? $"parents: {links.Linked} {(options.DryRun ? "to link" : "linked")}, {links.NotKept} not on the target" : null,
            summary.Files is { Total: > 0 } sent ? $"files: {sent.Describe()}" : null,
            summary.DerivedIds > 0 ? $"{summary.DerivedIds} under ids derived from source ids the target refused ({Ids.IdMapFile.FileName})" : null,
        }.OfType<string>());
        return new StageResult(options.DryRun ? "plan" : "load", entity.CliName, summary.Outcomes.Counts(), summary.Elapsed.TotalSeconds,
            note.Length > 0 ? note : null)
        {
            Read = summary.LinesRead,
            Warnings = warnings,
            Unfit = summary.Unfit.Select(u => (u.Key, u.Value.Count, (IReadOnlyList<string>)u.Value.Examples)).ToList(),
        };
    }

    /// <summary>The run's memory of the fields the target does not keep, per kind (see <see cref="UnkeptMemory"/>).</summary>
    public const string UnkeptFile = "target-unkept.json";

    /// <summary>Where a run keeps the DataStore tables: dumped beside the datasets, or beside a folder source's files.</summary>
    public string? DataStoreFolder(string workFolder) =>
        !options.DataStore || options.DryRun ? null // a dry run reads and writes no table
        : options.From.IsCkan ? Path.Combine(workFolder, "1-dump", "datastore")
        : Path.Combine(options.From.Folder!, "datastore") is var beside && Directory.Exists(beside) ? beside : null;

    /// <summary>The tables of the datasets just dumped (datastore_active resources), into the run's DataStore folder.</summary>
    public async Task<StageResult> DumpDataStoreAsync(CkanClient source, IReadOnlyList<DataStore.TableRef> tables, string folder, StageFiles? files, CancellationToken ct)
    {
        var summary = await new DataStore.DataStoreDumper(source, new DataStore.DataStoreFolder(folder), options.Parallel).DumpAsync(tables.ToAsyncEnumerable(), files!.Log,
            watch(new ProgressCounter("dump datastore tables")), watch(new ProgressCounter("dump datastore rows")), ct).ConfigureAwait(false);
        return DataStoreResult("dump", summary, TableOutcomeKind.Dumped, TableOutcomeKind.AlreadyThere, TableOutcomeKind.NoTable, TableOutcomeKind.Failed);
    }

    public async Task<StageResult> LoadDataStoreAsync(CkanClient target, CkanSiteInfo site, string folder, StageFiles? files, CancellationToken ct)
    {
        var tables = new DataStore.DataStoreFolder(folder);
        if (!site.HasExtension("datastore"))
        {
            // Nothing can be written there: every table says why, and the run ends with problems.
            var none = new DataStore.DataStoreSummary();
            foreach (var table in tables.Definitions())
                none.Record(new DataStore.TableOutcome(table.ResourceId, TableOutcomeKind.Failed, 0, "the target has no datastore plugin (datastore is not among its extensions)"), files!.Log, null);
            return DataStoreResult("load", none, Loaded);
        }
        var summary = await new DataStore.DataStoreLoader(target, tables, options.Parallel, Target?.Ids(SourceSite), Target?.KeepsMetadataModified == true).LoadAsync(files!.Log,
            watch(new ProgressCounter("load datastore tables")), watch(new ProgressCounter("load datastore rows")), ct).ConfigureAwait(false);
        return DataStoreResult("load", summary, Loaded);
    }

    /// <summary>
    /// A dry run reads no table, but a target without the DataStore can take none: the tables the
    /// datasets name are listed as what would fail, with the reason.
    /// </summary>
    public static async Task<StageResult> PlanDataStoreAsync(string datasets, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var tables = await DataStore.TablesInDatasets.ReadAsync(datasets, ct).ToListAsync(ct).ConfigureAwait(false);
        const string reason = "the target has no datastore plugin (datastore is not among its extensions), so DataStore tables cannot be loaded there";
        return new StageResult("plan", "datastore", [("failed", tables.Count)], clock.Elapsed.TotalSeconds)
        {
            Read = tables.Count,
            Unfit = tables.Count == 0 ? [] : [(reason, tables.Count, tables.Take(Load.LoadSummary.UnfitExamples).Select(t => $"{t.PackageName ?? t.PackageId} resource {t.ResourceId}").ToList())],
        };
    }

    /// <summary>An offline run's tables, copied beside its record files (rows first, each definition last).</summary>
    public static async Task<StageResult> WriteDataStoreAsync(string folder, string destination, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var from = new DataStore.DataStoreFolder(folder);
        var to = new DataStore.DataStoreFolder(destination);
        Directory.CreateDirectory(destination);
        var summary = new DataStore.DataStoreSummary();
        foreach (var table in from.Definitions())
        {
            File.Copy(from.RowsPath(table.ResourceId), to.RowsPath(table.ResourceId), overwrite: true);
            await to.WriteDefinitionAsync(table, ct).ConfigureAwait(false);
            summary.Count(new DataStore.TableOutcome(table.ResourceId, TableOutcomeKind.Written, table.Rows));
        }
        summary.Elapsed = clock.Elapsed;
        return DataStoreResult("write", summary, TableOutcomeKind.Written);
    }

    private static readonly TableOutcomeKind[] Loaded = [TableOutcomeKind.Created, TableOutcomeKind.Resumed, TableOutcomeKind.Unchanged, TableOutcomeKind.Failed];

    /// <summary>Tables as outcome counts (every table in one), rows in the note.</summary>
    private static StageResult DataStoreResult(string stage, DataStore.DataStoreSummary summary, params TableOutcomeKind[] outcomes)
    {
        var rows = string.Join(", ", summary.Outcomes.Entries.Where(e => e.Count > 0).OrderBy(e => OutcomeWords.Of(e.Outcome), StringComparer.Ordinal).Select(e => $"{e.Amount:N0} rows {OutcomeWords.Of(e.Outcome)}"));
        var noTable = summary.Outcomes[TableOutcomeKind.NoTable];
        return new StageResult(stage, "datastore", summary.Outcomes.Counts(outcomes), summary.Elapsed.TotalSeconds, summary.Tables == 0 ? "no tables" : $"{rows}; {summary.Calls} calls")
        {
            Read = summary.Tables,
            Warnings = noTable > 0 ? [$"{noTable} resources say datastore_active, but the source has no table for them"] : [],
        };
    }

    public async Task<StageResult> WriteAsync(string input, StageFiles? files, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long lines = 0;
        await foreach (var line in JsonLinesReader.ReadAsync(input, ct).ConfigureAwait(false))
        {
            if (line.IsBlank) continue;
            await files!.Output.WriteAsync(line.Raw, ct).ConfigureAwait(false);
            files.Output.WriteByte((byte)'\n');
            lines++;
        }
        return new StageResult("write", files!.Layout.Name, [("written", lines)], clock.Elapsed.TotalSeconds);
    }
}
