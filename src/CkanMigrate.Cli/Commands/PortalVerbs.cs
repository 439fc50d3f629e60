using System.Globalization;
using CkanMigrate.Ckan;
using CkanMigrate.Cli.Console;
using CkanMigrate.Dump;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Portal;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// <c>dump KIND</c> and <c>load KIND</c> for the portal kinds (views, vocabularies, collaborators):
/// the same options, files, summaries and exit codes as for the core kinds.
/// </summary>
internal static class PortalVerbs
{
    public sealed record DumpRequest(PortalKind Kind, IReadOnlyList<string> Keys, string? Datasets, string? Output, bool Gzip, int Parallel, bool Quiet, string? LogPath)
    {
        /// <summary>--files: where the records' uploaded files (images, the logo) are fetched to, or null.</summary>
        public string? FilesFolder { get; init; }
    }

    public static async Task<int> DumpAsync(CkanClientOptions connection, DumpRequest request, CancellationToken ct)
    {
        if (request.Datasets is not null && !File.Exists(request.Datasets)) throw new UsageException($"{request.Datasets}: no such file");
        using var client = new CkanClient(connection);
        var site = await client.ProbeAsync(ct).ConfigureAwait(false);
        KeyPolicy.RequireAccepted(site, "API", client.BaseUrl);
        Output.Info(request.Quiet, $"{client.BaseUrl.Host}: CKAN {site.Capabilities}, {site.Key}");

        await using var log = RecordLog.Open(request.LogPath);
        var progress = new ProgressCounter($"dump {request.Kind.CliName}");
        var renderer = new ProgressRenderer(request.Quiet);
        var runner = new PortalDumpRunner(client, site);
        DumpSummary summary;
        if (request.Output is null)
        {
            await using var stdout = System.Console.OpenStandardOutput();
            var stream = request.Gzip ? new System.IO.Compression.GZipStream(stdout, System.IO.Compression.CompressionLevel.Fastest) : stdout;
            await using (stream)
                summary = await renderer.RunAsync(progress, () => runner.RunAsync(request.Kind, request.Keys, request.Datasets, request.Parallel, stream, log, progress, ct, filesFolder: request.FilesFolder)).ConfigureAwait(false);
        }
        else
        {
            // Collaborators name users, views may point at private datasets' resources: owner-only, as the work folder is.
            await using var file = AtomicOutputFile.Create(request.Output, request.Gzip || AtomicOutputFile.WantsGzip(request.Output), ownerOnly: true);
            summary = await renderer.RunAsync(progress, () => runner.RunAsync(request.Kind, request.Keys, request.Datasets, request.Parallel, file.Stream, log, progress, ct, filesFolder: request.FilesFolder)).ConfigureAwait(false);
            await file.CommitAsync(ct).ConfigureAwait(false);
        }
        Output.Problems(log, request.LogPath);
        foreach (var warning in summary.Warnings) Output.Warn(warning);
        Output.Summary(string.Format(CultureInfo.InvariantCulture, "dump {0}: {1} written, {2} failed via {3} in {4:0.0}s ({5:0}/s), {6} calls, {7} retries{8}",
            request.Kind.CliName, summary.Written, summary.Failed, summary.Strategy, summary.Elapsed.TotalSeconds, summary.RecordsPerSecond, summary.Calls, summary.Retries,
            request.Output is null ? "" : $" -> {request.Output}"));
        if (summary.Files is { } fetched) Output.Summary($"files: {fetched.Describe()} -> {request.FilesFolder}");
        return summary.Failed > 0 || summary.Files?.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    public sealed record LoadRequest(PortalLoadOptions Options, string? Input, string? RejectsPath, bool Quiet, string? LogPath);

    public static async Task<int> LoadAsync(CkanClientOptions connection, LoadRequest request, CancellationToken ct)
    {
        using var client = new CkanClient(connection);
        var site = await client.ProbeAsync(ct).ConfigureAwait(false);
        KeyPolicy.RequireAccepted(site, "API", client.BaseUrl);
        Output.Info(request.Quiet, $"{client.BaseUrl.Host}: CKAN {site.Capabilities}, {site.Key}{(client.HasApiKey ? "" : ": writes will be refused")}");
        if (KeyPolicy.LoadWarning(site) is { } keyWarning) Output.Warn(keyWarning);

        var options = request.Options;
        var kind = options.Kind;
        await using var log = RecordLog.Open(request.LogPath);
        await using var rejects = request.RejectsPath is null ? null : AtomicOutputFile.Create(request.RejectsPath, AtomicOutputFile.WantsGzip(request.RejectsPath), ownerOnly: true);
        var progress = new ProgressCounter($"load {kind.CliName}");
        var input = request.Input;
        if (input is not null && input != "-" && LineCounter.TryCount(input) is { } lines)
            progress.SetTotal(Math.Max(0, Math.Min(lines - options.StartLine + 1, options.MaxLines ?? long.MaxValue)));
        var lineSource = input is null or "-"
            ? JsonLinesReader.ReadDetectingGzipAsync(System.Console.OpenStandardInput(), "stdin", ct)
            : JsonLinesReader.ReadAsync(input, ct);
        PortalLoadSummary summary;
        var runner = new PortalLoadRunner(client, site);
        try
        {
            summary = await new ProgressRenderer(request.Quiet).RunAsync(progress,
                () => runner.RunAsync(options, lineSource, log, rejects?.Stream, progress, ct)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runner.Current is { } stopped)
        {
            // What was written before the stop (the API tokens made and revoked among it), then the stop goes on to Program.
            Output.Summary($"load {kind.CliName}: {progress.Done:N0} record(s) finished before the stop; {stopped.Describe()}");
            foreach (var warning in stopped.Warnings) Output.Warn(warning);
            throw;
        }
        finally
        {
            if (rejects is not null) await rejects.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var load = summary.Load;
        Counts.EnsureAddUp(load.AddsUp, load.Describe());
        Output.Problems(log, request.LogPath);
        if (summary.TargetLacks is not null) Output.Warn($"the target has no {kind.CliName}: {summary.TargetLacks}; every record was rejected with that reason");
        foreach (var warning in summary.Warnings) Output.Warn(warning);
        Output.Summary(string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2} in {3:0.0}s ({4:0}/s), {5} calls, {6} retries",
            options.DryRun ? "load (dry run, nothing written)" : "load", kind.CliName, summary.Describe(), load.Elapsed.TotalSeconds, load.RecordsPerSecond, load.Calls, load.Retries));
        if (load.StoppedBecause is not null)
        {
            Output.Error($"stopped before line {load.ResumeLine}: {load.StoppedBecause}. Run the same command again to finish (records already loaded count as unchanged).");
            return ExitCodes.Fatal;
        }
        return load[LoadOutcome.Rejected] > 0 || summary.Warnings.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }
}
