using System.CommandLine;
using System.Globalization;
using CkanMigrate.Cli.Console;
using CkanMigrate.Filter;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;
using CkanMigrate.Ckan;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate filter --since TIMESTAMP -I IN -O OUT</c>: only what changed since then.</summary>
internal static class FilterCommand
{
    public static Command Create()
    {
        var since = new Option<string>("--since", "-t") { Description = $"Keep records with metadata_modified at or after this ISO 8601 date or time, e.g. {IsoTime.Forms}", Required = true };
        var files = new FileStageOptions(LogFields.Filter);
        var command = new Command("filter", "Keep only records modified since a timestamp (lines pass through byte for byte)");
        command.Options.Add(since);
        files.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var instant = IsoTime.Parse("--since", parse.GetValue(since)!);
            var stage = files.Read(parse);
            var summary = await FileOptions.RunFileStageAsync("filter", stage, ownerOnly: false,
                (lines, stream, recordLog, rejectsStream, progress) => new SinceFilter(instant, threads: stage.Threads).RunAsync(lines, stream, recordLog, rejectsStream, progress, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            Counts.EnsureAddUp(summary.AddsUp, summary.Describe());
            Output.IfEmpty(summary.LinesRead, stage.InputPath, "filter");
            Output.Summary(string.Format(CultureInfo.InvariantCulture, "filter since {0}: {1} in {2:0.0}s ({3:0.0} MB/s) -> {4}",
                Timestamps.Format(instant), summary.Describe(), summary.Elapsed.TotalSeconds,
                summary.Elapsed.TotalSeconds > 0 ? summary.BytesRead / 1048576.0 / summary.Elapsed.TotalSeconds : 0, stage.OutputPath));
            return summary.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }
}
