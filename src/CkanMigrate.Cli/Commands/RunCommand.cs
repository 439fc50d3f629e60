using System.CommandLine;
using CkanMigrate.Cli.Console;
using CkanMigrate.Filter;
using CkanMigrate.Pipeline;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate run --from SRC --to DST</c>: the whole migration, resumable and incremental.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var shared = new PipelineOptions();
        var since = new Option<string?>("--since") { Description = "Only datasets modified since TIMESTAMP, or 'auto' = since the last successful run" };
        var propagate = new Option<bool>("--propagate-deletes") { Description = "Delete on the target the datasets gone from the source since the last run" };
        var command = new Command("run", "Dump, convert, filter and load every kind in dependency order (users, organizations, groups, datasets, harvest sources)");
        shared.AddTo(command);
        command.Options.Add(since);
        command.Options.Add(propagate);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sinceText = parse.GetValue(since);
            if (sinceText is not null && sinceText != "auto" && !Timestamps.TryParse(sinceText, out _))
                throw new UsageException($"--since '{sinceText}' is not a timestamp (or 'auto')");
            var options = shared.Read(parse, sinceText, parse.GetValue(propagate));
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
            foreach (var stage in result.Stages)
            {
                foreach (var warning in stage.Warnings) Output.Warn($"{stage.Stage} {stage.Kind}: {warning}");
                if (stage.Problems > 0)
                    Output.Problems(stage.FirstProblems, stage.Problems, $"in {stage.LogPath}{(stage.RejectsPath is null ? "" : $" (rejected lines in {stage.RejectsPath})")}");
            }
            Output.Summary($"run finished{(result.Resumed ? " (resumed)" : "")}: {(result.Clean ? "every record through" : $"{result.Problems} rejected or failed")}; report in {result.ReportPath}");
            return result.Clean ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }
}
