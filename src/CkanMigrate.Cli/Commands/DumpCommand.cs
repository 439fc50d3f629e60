using System.CommandLine;
using System.Globalization;
using CkanMigrate.Ckan;
using CkanMigrate.Cli.Console;
using CkanMigrate.Dump;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;
using CkanMigrate.Portal;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate dump KIND (--all | ID...)</c>: a CKAN site's records to JSON Lines.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var kind = new Argument<string>(UsageHints.KindArgument) { Description = $"users | organizations | groups | datasets | harvest-sources | {string.Join(" | ", PortalKinds.All.Select(k => k.CliName))} | datastore (tables, into the folder -O)" };
        var keys = new Argument<string[]>("id-or-name") { Description = "Records to dump (or --all)", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Dump every record of the kind" };
        var input = new Option<string?>("--input", "-I") { Description = "datastore: the datasets dump whose datastore_active resources' tables to dump (or give resource ids); views, collaborators: a datasets dump of the same site, read for its resources and names instead of asking the site" };
        var output = OutputPlaces.Track(new Option<string?>("--output", "-O") { Description = "Output file (default: stdout); .gz compresses" }, "the output");
        var gzip = new Option<bool>("--gzip", "-z") { Description = "Compress the output with gzip" };
        var parallel = new Option<int>("--parallel", "-p", "--processes") { Description = "Calls in flight at once", DefaultValueFactory = _ => 4 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output" };
        var log = OutputPlaces.Track(new Option<string?>("--log", "-l") { Description = $"One JSON line per failed record or file: {CkanMigrate.Reporting.LogFields.Describe(CkanMigrate.Reporting.LogFields.Dump)}; datastore, one per table: {CkanMigrate.Reporting.LogFields.Describe(CkanMigrate.Reporting.LogFields.DataStore)}" }, "the log");
        var files = OutputPlaces.Track(new Option<string?>("--files") { Description = "Also fetch uploaded files (resources with url_type upload) into this folder, with manifest.jsonl; files already there are kept" }, "the files folder", folder: true);
        var via = new Option<string>("--via")
        {
            Description = "How records are listed. datasets: search (package_search pages) or show (package_list + member_list, then one package_show each); " +
                          "harvest-sources: search (type harvest datasets) or list (harvest_source_list, old sites); auto picks by the site's version",
            HelpName = "auto|search|show|list",
            DefaultValueFactory = _ => "auto",
        };
        via.AcceptOnlyFromAmong("auto", "search", "show", "list");

        var command = new Command("dump", "Export records from a CKAN site as JSON Lines (ckanapi dump format)");
        command.Arguments.Add(kind);
        command.Arguments.Add(keys);
        foreach (var option in new Option[] { all, input, output, gzip, parallel, quiet, log, via, files }) command.Options.Add(option);
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var ids = parse.GetValue(keys) ?? [];
            if (parse.GetValue(kind) == "datastore")
            {
                if (parse.GetValue(all) || parse.GetValue(files) is not null || parse.GetValue(gzip))
                    throw new UsageException("dump datastore takes -I DATASETS.jsonl or resource ids, and -O FOLDER (not --all, --files or --gzip)");
                if (parse.GetValue(parallel) < 1) throw new UsageException("--parallel must be at least 1");
                return await DataStoreVerbs.DumpAsync(connection.Read(parse), parse.GetValue(input), ids, parse.GetValue(output), parse.GetValue(parallel),
                    parse.GetValue(quiet), parse.GetValue(log), cancellationToken).ConfigureAwait(false);
            }
            if (PortalKinds.TryParse(parse.GetValue(kind)!, out var portalKind))
                return await DumpPortalKindAsync(parse, portalKind, connection, ids, all, input, output, gzip, parallel, quiet, log, files, via, cancellationToken).ConfigureAwait(false);
            if (!EntityDescriptor.TryParse(parse.GetValue(kind)!, out var entity))
                throw new UsageException($"unknown kind '{parse.GetValue(kind)}': use users, organizations, groups, datasets, harvest-sources, {PortalKinds.Names} or datastore");
            if (parse.GetValue(input) is not null) throw new UsageException("-I is for dump datastore (the datasets dump naming the tables)");
            // The id list takes any word, so an option this verb does not know would pass for an id.
            if (ids.FirstOrDefault(i => i.StartsWith('-')) is { } unknown)
                throw new UsageException($"unknown option '{unknown}' for dump (ids never start with '-'); see 'ckan-migrate dump --help'");
            if (parse.GetValue(all) == (ids.Length > 0))
                throw new UsageException("give either --all or one or more ids/names");
            var degree = parse.GetValue(parallel);
            if (degree < 1) throw new UsageException("--parallel must be at least 1");
            var outputPath = parse.GetValue(output);
            var compress = parse.GetValue(gzip) || (outputPath is not null && AtomicOutputFile.WantsGzip(outputPath));
            var filesFolder = parse.GetValue(files);
            if (filesFolder is not null && !CkanMigrate.Files.UploadFinder.HoldsFiles(entity.Kind))
                throw new UsageException("--files is for datasets (uploaded resources), organizations and groups (images)");
            var options = new DumpOptions { Entity = entity, Keys = ids, Via = Listing(entity, parse.GetValue(via)!), Parallel = degree, FilesFolder = filesFolder };

            using var client = new CkanClient(connection.Read(parse));
            var site = await client.ProbeAsync(cancellationToken).ConfigureAwait(false);
            KeyPolicy.RequireAccepted(site, "API", client.BaseUrl);
            Output.Info(parse.GetValue(quiet), $"{client.BaseUrl.Host}: CKAN {site.Capabilities}, {site.Key}");
            if (KeyPolicy.DumpWarning(site) is { } keyWarning) Output.Warn(keyWarning);

            await using var log_ = RecordLog.Open(parse.GetValue(log));
            var progress = new ProgressCounter($"dump {entity.CliName}");
            var renderer = new ProgressRenderer(parse.GetValue(quiet));
            DumpSummary summary;
            if (outputPath is null)
            {
                await using var stdout = System.Console.OpenStandardOutput();
                var stream = compress ? new System.IO.Compression.GZipStream(stdout, System.IO.Compression.CompressionLevel.Fastest) : stdout;
                await using (stream)
                    summary = await renderer.RunAsync(progress, () => new DumpRunner(client, site).RunAsync(options, stream, log_, progress, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                // User records carry emails and password hashes: owner-only from the first byte.
                await using var file = AtomicOutputFile.Create(outputPath, compress, ownerOnly: entity.Kind == EntityKind.Users);
                summary = await renderer.RunAsync(progress, () => new DumpRunner(client, site).RunAsync(options, file.Stream, log_, progress, cancellationToken)).ConfigureAwait(false);
                await file.CommitAsync(cancellationToken).ConfigureAwait(false);
                // Whether this file holds every record: only then may a run from this folder delete what it lacks.
                var incomplete = ids.Length > 0 ? "only the records named on the command line were dumped"
                    : summary.Failed > 0 ? $"{summary.Failed} records failed to dump" : summary.Unproven;
                await CompleteDumps.RecordAsync(outputPath, client.BaseUrl.ToString(), summary.Written, incomplete, cancellationToken).ConfigureAwait(false);
            }

            Output.Problems(log_, parse.GetValue(log));
            foreach (var warning in summary.Warnings) Output.Warn(warning);
            Output.Summary(string.Format(CultureInfo.InvariantCulture,
                "dump {0}: {1} written, {2} failed{3} via {4} in {5:0.0}s ({6:0}/s), {7} calls, {8} retries{9}",
                entity.CliName, summary.Written, summary.Failed,
                summary.SkippedDeleted > 0 ? $", {summary.SkippedDeleted} deleted skipped" : "",
                summary.Strategy, summary.Elapsed.TotalSeconds, summary.RecordsPerSecond, summary.Calls, summary.Retries,
                outputPath is null ? "" : $" -> {outputPath}"));
            if (summary.Files is { } fetched) Output.Summary($"files: {fetched.Describe()} -> {filesFolder}");
            // A dump that cannot be shown complete is not a success a script may build on.
            return summary.Failed > 0 || summary.Unproven is not null || summary.Files?.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A portal kind (views, vocabularies, collaborators): the same checks, then its own runner.</summary>
    private static Task<int> DumpPortalKindAsync(ParseResult parse, PortalKind kind, ConnectionOptions connection, string[] ids, Option<bool> all, Option<string?> input,
        Option<string?> output, Option<bool> gzip, Option<int> parallel, Option<bool> quiet, Option<string?> log, Option<string?> files, Option<string> via, CancellationToken ct)
    {
        if (ids.FirstOrDefault(i => i.StartsWith('-')) is { } unknown)
            throw new UsageException($"unknown option '{unknown}' for dump (ids never start with '-'); see 'ckan-migrate dump --help'");
        if (parse.GetValue(all) == (ids.Length > 0)) throw new UsageException("give either --all or one or more ids/names");
        if (parse.GetValue(files) is not null && !kind.HoldsFiles)
            throw new UsageException($"--files is for datasets (uploaded resources), organizations, groups and {string.Join(", ", PortalKinds.All.Where(k => k.HoldsFiles).Select(k => k.CliName))} (images), not {kind.CliName}");
        if (parse.GetValue(via) != "auto") throw new UsageException($"--via is for datasets and harvest sources; {kind.CliName} are listed one way");
        if (parse.GetValue(parallel) < 1) throw new UsageException("--parallel must be at least 1");
        return PortalVerbs.DumpAsync(connection.Read(parse), new PortalVerbs.DumpRequest(kind, ids, parse.GetValue(input), parse.GetValue(output), parse.GetValue(gzip),
            parse.GetValue(parallel), parse.GetValue(quiet), parse.GetValue(log)) { FilesFolder = parse.GetValue(files) }, ct);
    }

    /// <summary>--via as the kind allows it: each value only where it means something.</summary>
    private static DatasetListing Listing(EntityDescriptor entity, string via) => (entity.Kind, via) switch
    {
        (_, "auto") => DatasetListing.Auto,
        (EntityKind.Datasets, "search") => DatasetListing.Search,
        (EntityKind.Datasets, "show") => DatasetListing.Show,
        (EntityKind.HarvestSources, "search") => DatasetListing.Search,
        (EntityKind.HarvestSources, "list") => DatasetListing.List,
        (EntityKind.Datasets, _) => throw new UsageException($"--via {via} is not a way to list datasets: use search or show"),
        (EntityKind.HarvestSources, _) => throw new UsageException($"--via {via} is not a way to list harvest sources: use search or list"),
        _ => throw new UsageException($"--via is for datasets and harvest sources; {entity.CliName} are always listed with {entity.ListAction}"),
    };
}
