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
    public static StageLayout DumpLayout(string folder, PortalKind kind) => new(folder, kind.CliName, Output: true, Rejects: false, OwnerOnly: true);

    public static StageLayout LoadLayout(string folder, PortalKind kind) => new(folder, kind.CliName, Output: false, Rejects: true, OwnerOnly: true);

    /// <param name="datasets">the datasets dump of this run (in an incremental run, only the datasets that changed)</param>
    /// <param name="earlier">the last run's dump of the kind, for the records gone since</param>
    public async Task<StageResult> DumpAsync(PortalKind kind, CkanClient client, CkanSiteInfo site, string? datasets, string? earlier, StageFiles? files, CancellationToken ct)
    {
        var summary = await new PortalDumpRunner(client, site).RunAsync(kind, [], datasets, options.Parallel, files!.Output, files.Log,
            watch(new ProgressCounter($"dump {kind.CliName}")), ct, earlier).ConfigureAwait(false);
        // A source without the kind (a plugin or setting it lacks) has none to move: the step is not shown.
        var sourceLacks = summary.Strategy == PortalDumpRunner.NoListing;
        return new StageResult("dump", kind.CliName, [("dumped", summary.Written), ("failed", summary.Failed)], summary.Elapsed.TotalSeconds,
            sourceLacks ? summary.Warnings.FirstOrDefault() : Calls(summary.Calls))
        {
            Warnings = sourceLacks ? [] : summary.Warnings,
        };
    }

    public async Task<StageResult> LoadAsync(PortalKind kind, string input, CkanClient client, CkanSiteInfo site, StageFiles? files, CancellationToken ct)
    {
        var progress = watch(new ProgressCounter($"load {kind.CliName}"));
        if (LineCounter.TryCount(input) is { } lines) progress.SetTotal(lines);
        var summary = await new PortalLoadRunner(client, site).RunAsync(new PortalLoadOptions { Kind = kind, Parallel = options.Parallel, DryRun = options.DryRun },
            JsonLinesReader.ReadAsync(input, ct), files!.Log, files.Rejects, progress, ct).ConfigureAwait(false);
        var load = summary.Load;
        if (load.StoppedBecause is not null)
            throw new RunStoppedException($"load {kind.CliName} stopped before line {load.ResumeLine}: {load.StoppedBecause}");
        var note = string.Join("; ", new[] { WriteTally.Describe(summary.Writes), Calls(load.Calls) }.OfType<string>());
        return new StageResult(options.DryRun ? "plan" : "load", kind.CliName, [.. Enum.GetValues<LoadOutcome>().Select(o => (o.ToString().ToLowerInvariant(), load[o]))],
            load.Elapsed.TotalSeconds, note)
        {
            Read = load.LinesRead,
            Warnings = summary.TargetLacks is null ? [] : [$"the target has no {kind.CliName}: {summary.TargetLacks}; every record is rejected with that reason"],
        };
    }

    private static string Calls(long calls) => $"{calls:N0} call{(calls == 1 ? "" : "s")}";
}
