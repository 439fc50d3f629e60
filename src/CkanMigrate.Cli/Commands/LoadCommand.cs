using System.CommandLine;
using System.Globalization;
using CkanMigrate.Ckan;
using CkanMigrate.Cli.Console;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Portal;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate load KIND -I FILE</c>: create or update records on a CKAN site.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var kind = new Argument<string>(UsageHints.KindArgument) { Description = $"users | organizations | groups | datasets | harvest-sources | {string.Join(" | ", PortalKinds.All.Select(k => k.CliName))} | datastore (the tables of the folder -I)" };
        var input = new Option<string?>("--input", "-I") { Description = "JSON Lines file (.jsonl or gzip, detected from its bytes); default stdin" };
        var parallel = new Option<int>("--parallel", "-p", "--processes") { Description = "Records in flight at once", DefaultValueFactory = _ => 4 };
        var createOnly = new Option<bool>("--create-only", "-n") { Description = "Only create; records already on the target are skipped" };
        var updateOnly = new Option<bool>("--update-only", "-o") { Description = "Only update; records not on the target are skipped" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the target and print the plan; write nothing" };
        var start = new Option<long>("--start-record", "-s") { Description = "First line to load (1-based)", DefaultValueFactory = _ => 1 };
        var max = new Option<long?>("--max-records", "-m") { Description = "Load at most this many lines" };
        var log = OutputPlaces.Track(new Option<string?>("--log", "-l") { Description = $"One JSON line per record: {LogFields.Describe(LogFields.Load)}; datastore, one per table: {LogFields.Describe(LogFields.DataStore)}" }, "the log");
        var rejects = FileOptions.Rejects(description: "Write rejected input lines here, unchanged, to fix and re-load");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output" };
        // A folder load writes to as well: sent.tsv records what was sent.
        var files = OutputPlaces.Track(new Option<string?>("--files") { Description = "Send each dataset's uploaded files from this folder (made by dump --files)" }, "the files folder", folder: true);
        var gzip = new Option<bool>("--gzip", "-z") { Description = "Accepted for ckanapi compatibility; gzip input is recognised by itself" };
        var force = FileOptions.Force();
        var vocabularies = new Option<string?>("--vocabularies") { Description = "datasets: the source's vocabularies dump (dump vocabularies), to attach each vocabulary tag to the target's vocabulary of the same name (ids differ between sites)" };

        var command = new Command("load", "Create or update records on a CKAN site from JSON Lines (ours or ckanapi's)");
        command.Arguments.Add(kind);
        foreach (var option in new Option[] { input, parallel, createOnly, updateOnly, dryRun, start, max, log, rejects, quiet, gzip, files, force, vocabularies }) command.Options.Add(option);
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            // What every load is told, checked the same way for a core kind and a portal kind.
            T Chosen<T>(T options) where T : LoadChoices
            {
                if (parse.GetValue(createOnly) && parse.GetValue(updateOnly)) throw new UsageException("--create-only and --update-only exclude each other");
                if (parse.GetValue(parallel) < 1) throw new UsageException("--parallel must be at least 1");
                if (parse.GetValue(start) < 1) throw new UsageException("--start-record counts from 1");
                if (parse.GetValue(max) is < 0) throw new UsageException("--max-records must not be negative");
                return (T)(options with
                {
                    Parallel = parse.GetValue(parallel),
                    Mode = parse.GetValue(createOnly) ? LoadMode.CreateOnly : parse.GetValue(updateOnly) ? LoadMode.UpdateOnly : LoadMode.CreateOrUpdate,
                    DryRun = parse.GetValue(dryRun),
                    StartLine = parse.GetValue(start),
                    MaxLines = parse.GetValue(max),
                    FilesFolder = parse.GetValue(files),
                });
            }

            if (parse.GetValue(kind) == "datastore")
            {
                if (parse.GetValue(createOnly) || parse.GetValue(updateOnly) || parse.GetValue(dryRun) || parse.GetValue(rejects) is not null || parse.GetValue(files) is not null
                    || parse.GetValue(start) != 1 || parse.GetValue(max) is not null)
                    throw new UsageException("load datastore takes -I FOLDER, -p, -l and -q only: a table is made again or left alone whole");
                if (parse.GetValue(parallel) < 1) throw new UsageException("--parallel must be at least 1");
                return await DataStoreVerbs.LoadAsync(connection.Read(parse), parse.GetValue(input), parse.GetValue(parallel), parse.GetValue(quiet), parse.GetValue(log),
                    cancellationToken).ConfigureAwait(false);
            }
            if (PortalKinds.TryParse(parse.GetValue(kind)!, out var portalKind))
            {
                if (portalKind.LoadRefused is { } refused) throw new UsageException($"load {portalKind.CliName} is refused: {refused}");
                if (parse.GetValue(files) is { } portalFiles && (!portalKind.HoldsFiles || !Directory.Exists(portalFiles)))
                    throw new UsageException(portalKind.HoldsFiles ? $"{portalFiles}: no such folder"
                        : $"--files is for datasets (uploaded resources), organizations, groups and {string.Join(", ", PortalKinds.All.Where(k => k.HoldsFiles).Select(k => k.CliName))} (images), not {portalKind.CliName}");
                if (parse.GetValue(vocabularies) is not null) throw new UsageException("--vocabularies is for datasets (their vocabulary tags)");
                var portalOptions = Chosen(new PortalLoadOptions { Kind = portalKind });
                if (parse.GetValue(input) is { } file && file != "-" && !File.Exists(file)) throw new UsageException($"{file}: no such file");
                return await PortalVerbs.LoadAsync(connection.Read(parse), new PortalVerbs.LoadRequest(portalOptions, parse.GetValue(input), parse.GetValue(rejects),
                    parse.GetValue(quiet), parse.GetValue(log)), cancellationToken).ConfigureAwait(false);
            }
            if (!EntityDescriptor.TryParse(parse.GetValue(kind)!, out var entity))
                throw new UsageException($"unknown kind '{parse.GetValue(kind)}': use users, organizations, groups, datasets, harvest-sources, {PortalKinds.Names} or datastore");
            var options = Chosen(new LoadOptions { Entity = entity, Force = parse.GetValue(force) });
            var inputPath = parse.GetValue(input);
            if (inputPath is not null && inputPath != "-" && !File.Exists(inputPath))
                throw new UsageException($"{inputPath}: no such file");
            if (options.FilesFolder is { } folder && (!CkanMigrate.Files.UploadFinder.HoldsFiles(entity.Kind) || !Directory.Exists(folder)))
                throw new UsageException(!CkanMigrate.Files.UploadFinder.HoldsFiles(entity.Kind) ? "--files is for datasets (uploaded resources), organizations and groups (images)" : $"{folder}: no such folder");

            if (parse.GetValue(vocabularies) is { } vocabularyFile && (entity.Kind != EntityKind.Datasets || !File.Exists(vocabularyFile)))
                throw new UsageException(entity.Kind != EntityKind.Datasets ? "--vocabularies is for datasets (their vocabulary tags)" : $"{vocabularyFile}: no such file");

            // A file of the wrong kind is refused before the site is even asked (stdin is checked as it is read).
            if (!options.Force && inputPath is not null && inputPath != "-")
                await KindGuard.CheckFileAsync(inputPath, entity.Kind, cancellationToken).ConfigureAwait(false);

            using var client = new CkanClient(connection.Read(parse));
            var site = await client.ProbeAsync(cancellationToken).ConfigureAwait(false);
            var isQuiet = parse.GetValue(quiet);
            KeyPolicy.RequireAccepted(site, "API", client.BaseUrl);
            Output.Info(isQuiet, $"{client.BaseUrl.Host}: CKAN {site.Capabilities}, {site.Key}{(client.HasApiKey ? "" : ": writes will be refused")}");
            if (KeyPolicy.LoadWarning(site) is { } keyWarning) Output.Warn(keyWarning);

            var personal = entity.Kind == EntityKind.Users;
            await using var recordLog = RecordLog.Open(parse.GetValue(log));
            var rejectsPath = parse.GetValue(rejects);
            await using var rejectsFile = rejectsPath is null ? null : AtomicOutputFile.Create(rejectsPath, AtomicOutputFile.WantsGzip(rejectsPath), ownerOnly: personal);

            var progress = new ProgressCounter($"load {entity.CliName}");
            if (inputPath is not null && inputPath != "-" && LineCounter.TryCount(inputPath) is { } lines)
                progress.SetTotal(Math.Max(0, Math.Min(lines - options.StartLine + 1, options.MaxLines ?? long.MaxValue)));
            options = options with { InputCount = progress.Total, InputBytes = inputPath is null or "-" ? null : LineCounter.PlainBytes(inputPath) };
            if (parse.GetValue(vocabularies) is { } sourceVocabularies)
                options = options with { Vocabularies = await CkanMigrate.Portal.Vocabularies.VocabularyIds.ForSiteAsync(sourceVocabularies, client, options.DryRun, cancellationToken).ConfigureAwait(false) };
            if (inputPath is null or "-" && !System.Console.IsInputRedirected)
                Output.Info(quiet: false, "reading records from standard input, one JSON object per line (Ctrl-D ends the input, Ctrl-C stops); give -I FILE to load a file");
            var lineSource = inputPath is null or "-"
                ? JsonLinesReader.ReadDetectingGzipAsync(new InterruptibleInput(System.Console.OpenStandardInput()), "stdin", cancellationToken)
                : JsonLinesReader.ReadAsync(inputPath, cancellationToken);

            LoadSummary summary;
            try
            {
                summary = await new ProgressRenderer(isQuiet).RunAsync(progress,
                    () => new LoadRunner(client, site).RunAsync(options, lineSource, recordLog, rejectsFile?.Stream, progress, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // What is on the target now, in numbers; what the same command does next is said once the stop reaches Program.
                Output.Summary(FinishedBeforeStop(entity, progress));
                throw;
            }
            finally
            {
                // Rejects found before a stop are kept: they are as true as at the end.
                if (rejectsFile is not null) await rejectsFile.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Counts.EnsureAddUp(summary.AddsUp, summary.Describe());
            Output.Problems(recordLog, parse.GetValue(log));
            // From -s on nothing may be left of a file that is not empty: only a read from the start tells.
            if (summary.StoppedBecause is null && options.StartLine == 1)
                Output.IfEmpty(summary.LinesRead, inputPath is null or "-" ? "standard input" : inputPath, "load");
            var verb = options.DryRun ? "load (dry run, nothing written)" : "load";
            Output.Summary(string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2} in {3:0.0}s ({4:0}/s), {5} calls, {6} retries; target read by {7}",
                verb, entity.CliName, summary.Describe(), summary.Elapsed.TotalSeconds, summary.RecordsPerSecond, summary.Calls, summary.Retries, summary.Strategy));
            if (summary.Files is { } sentFiles) Output.Summary($"files: {sentFiles.Describe()}");
            foreach (var (reason, (count, _)) in summary.Unfit) Output.Summary($"{(options.DryRun ? "would not fit" : "did not fit")} the target: {count} × {reason}");
            if (summary.StoppedBecause is not null)
            {
                Output.Error($"stopped before line {summary.ResumeLine}: {summary.StoppedBecause}. " +
                             "Run the same command again to finish (records already loaded count as unchanged).");
                return ExitCodes.Fatal;
            }
            return summary[LoadOutcome.Rejected] > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static string FinishedBeforeStop(EntityDescriptor entity, ProgressCounter progress) =>
        string.Format(CultureInfo.InvariantCulture, "load {0}: {1:N0} record{2} finished before the stop ({3})", entity.CliName, progress.Done,
            progress.Done == 1 ? "" : "s", progress.Failed == 0 ? "none rejected" : string.Format(CultureInfo.InvariantCulture, "{0:N0} rejected", progress.Failed));
}
