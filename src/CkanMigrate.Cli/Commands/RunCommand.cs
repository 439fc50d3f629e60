using System.CommandLine;
using CkanMigrate.Cli.Console;
using CkanMigrate.Pipeline;
using CkanMigrate.Reporting;
using CkanMigrate.Ckan;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate run --from SRC --to DST</c>: the whole migration, resumable and incremental.</summary>
internal static class RunCommand
{
    private const string SinceAuto = $"{RunOptions.SinceLastRun} (since the last successful run)";

    public static Command Create()
    {
        var shared = new PipelineOptions();
        var since = new Option<string?>("--since") { Description = $"Only datasets modified since this ISO 8601 date or time, e.g. {IsoTime.Forms}; or {SinceAuto}", HelpName = $"TIMESTAMP|{RunOptions.SinceLastRun}" };
        var propagate = new Option<bool>("--propagate-deletes") { Description = "Delete on the target the datasets gone from the source since the last run (at most --max-deletes)" };
        var maxDeletes = new Option<int?>("--max-deletes")
        {
            Description = $"The most datasets a run may delete (default: {RunOptions.MinimumDeleteLimit} or 1% of the target's datasets, whichever is larger); over it nothing is deleted, the list is in the report, exit 3",
            HelpName = "N",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read both sides and report what each record would become (created, updated, unchanged, deleted, rejected), writing nothing to the target; files in WORK/dry-run" };
        var command = new Command("run", "Dump, convert, filter and load every kind the source has, in dependency order (users, organizations, groups, vocabularies, datasets, views, collaborators, showcases, pages, harvest sources; followers and site settings when asked)");
        shared.AddTo(command);
        command.Options.Add(since);
        command.Options.Add(propagate);
        command.Options.Add(maxDeletes);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sinceText = parse.GetValue(since);
            if (sinceText is not null && sinceText != RunOptions.SinceLastRun) IsoTime.Parse("--since", sinceText, SinceAuto);
            if (parse.GetValue(maxDeletes) is < 0) throw new UsageException("--max-deletes must be 0 or more");
            if (parse.GetValue(maxDeletes) is not null && !parse.GetValue(propagate) && !parse.GetValue(dryRun))
                throw new UsageException("--max-deletes limits --propagate-deletes: give both (or --dry-run to see what would be deleted)");
            var options = shared.Read(parse, sinceText, parse.GetValue(propagate)) with { MaxDeletes = parse.GetValue(maxDeletes), DryRun = parse.GetValue(dryRun) };
            var begun = new List<ProgressCounter>();
            var run = new MigrationRun(options, counter => { lock (begun) begun.Add(counter); });
            RunResult result;
            try
            {
                result = await new ProgressRenderer(parse.GetValue(shared.Quiet)).RunStagesAsync(() => { lock (begun) return begun.ToArray(); },
                    () => run.RunAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch (RunStoppedException e)
            {
                Output.Error($"{e.Message}. Run the same command again to continue: finished stages are skipped (state in {options.WorkFolder}).");
                return ExitCodes.Fatal;
            }
            System.Console.Out.Write(RunReport.Markdown(options, result));
            foreach (var notice in result.Notices) Output.Warn(notice);
            foreach (var stage in result.Stages)
            {
                foreach (var warning in stage.Warnings) Output.Warn($"{stage.Stage} {stage.Kind}: {warning}");
                if (stage.Problems > 0)
                    Output.Problems(stage.FirstProblems, stage.Problems, $"in {stage.LogPath}{(stage.RejectsPath is null ? "" : $" (rejected lines in {stage.RejectsPath})")}");
            }
            if (result.Deletes.HeldBack)
                Output.Error($"{result.Deletes.Gone.Count} datasets gone from the source were not deleted: more than this run may delete ({result.Deletes.Limit}); check the list in {result.ReportPath}, then re-run with --max-deletes {result.Deletes.Gone.Count} if it is right");
            var verdict = result.Problems > 0 ? $"{result.Problems} rejected or failed" : result.Clean ? "every record through" : "not every record could be vouched for";
            Output.Summary(result.DryRun
                ? $"dry run finished: nothing was written to the target; {(result.Problems > 0 ? $"{result.Problems} would be rejected" : "every record would go through")}; plan in {result.ReportPath}"
                : $"run finished{(result.Resumed ? " (resumed)" : "")}: {verdict}; report in {result.ReportPath}");
            return result.Clean ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }
}
