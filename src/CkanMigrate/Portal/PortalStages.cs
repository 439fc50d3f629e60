using CkanMigrate.Ckan;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Pipeline;
using CkanMigrate.Reporting;

namespace CkanMigrate.Portal;

/// <summary>
/// A portal kind's steps in a run, beside <see cref="RunStages"/>'s for the core kinds and under the
/// same contract: the same runners as the single verbs, outcome counts that add up to the records
/// read, the writes in the note, and whatever a site lacks among the warnings.
/// </summary>
internal sealed class PortalStages(RunOptions options, Func<ProgressCounter, ProgressCounter> watch)
{
    /// <summary>Where the portal kinds' uploaded files are kept (beside the datasets', apart from them), or null when files do not move.</summary>
    public string? FilesFolder { get; init; }

    public static StageLayout DumpLayout(string folder, PortalKind kind) => new(folder, kind.CliName, Output: true, Rejects: false, OwnerOnly: true);

    public static StageLayout LoadLayout(string folder, PortalKind kind) => new(folder, kind.CliName, Output: false, Rejects: true, OwnerOnly: true);

    /// <param name="datasets">the datasets dump of this run (in an incremental run, only the datasets that changed)</param>
    /// <param name="earlier">the last run's dump of the kind, for the records gone since</param>
    public async Task<StageResult> DumpAsync(PortalKind kind, CkanClient client, CkanSiteInfo site, string? datasets, string? earlier, StageFiles? files, CancellationToken ct)
    {
        var summary = await new PortalDumpRunner(client, site).RunAsync(kind, [], datasets, options.Parallel, files!.Output, files.Log,
            watch(new ProgressCounter($"dump {kind.CliName}")), ct, earlier, FilesFolder).ConfigureAwait(false);
        // A source without the kind (a plugin or setting it lacks) has none to move: the step is not shown.
        var sourceLacks = summary.Strategy == PortalDumpRunner.NoListing;
        List<(string, long)> counts = [("dumped", summary.Written), ("failed", summary.Failed)];
        if (summary.Files is { } fetched) // "files failed" is a problem of the run, as a failed record is
            counts.AddRange(fetched.Outcomes.Entries.Where(e => e.Count > 0).Select(e => ($"files {OutcomeWords.Of(e.Outcome)}", e.Count)));
        return new StageResult("dump", kind.CliName, counts, summary.Elapsed.TotalSeconds,
            sourceLacks ? summary.Warnings.FirstOrDefault() : Calls(summary.Calls))
        {
            Warnings = sourceLacks ? [] : summary.Warnings,
        };
    }

    public async Task<StageResult> LoadAsync(PortalKind kind, string input, CkanClient client, CkanSiteInfo site, StageFiles? files, CancellationToken ct)
    {
        var progress = watch(new ProgressCounter($"load {kind.CliName}"));
        if (LineCounter.TryCount(input) is { } lines) progress.SetTotal(lines);
        var summary = await new PortalLoadRunner(client, site).RunAsync(new PortalLoadOptions { Kind = kind, Parallel = options.Parallel, DryRun = options.DryRun, FilesFolder = FilesFolder },
            JsonLinesReader.ReadAsync(input, ct), files!.Log, files.Rejects, progress, ct).ConfigureAwait(false);
        var load = summary.Load;
        if (load.StoppedBecause is not null)
            throw new RunStoppedException($"load {kind.CliName} stopped before line {load.ResumeLine}: {load.StoppedBecause}");
        var note = string.Join("; ", new[] { WriteTally.Describe(summary.Writes), Calls(load.Calls) }.OfType<string>());
        return new StageResult(options.DryRun ? "plan" : "load", kind.CliName, [.. Enum.GetValues<LoadOutcome>().Select(o => (o.ToString().ToLowerInvariant(), load[o]))],
            load.Elapsed.TotalSeconds, note)
        {
            Read = load.LinesRead,
            Warnings = summary.TargetLacks is null ? summary.Warnings : [$"the target has no {kind.CliName}: {summary.TargetLacks}; every record is rejected with that reason"],
            // A load that could not undo what it made to do its work (an API token it could not revoke) needs the operator: exit 3.
            Unproven = summary.Warnings.Count > 0,
        };
    }

    private static string Calls(long calls) => $"{calls:N0} call{(calls == 1 ? "" : "s")}";
}
