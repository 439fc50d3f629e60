using System.CommandLine;
using System.Globalization;
using CkanMigrate.Cli.Console;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate convert KIND --profile dgu ...</c>: dump files from the old schema to the new.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var command = new Command("convert", "Convert dump files to the target's schema with a migration profile (dgu: docs/dgu-profile.md)");
        command.Subcommands.Add(Datasets());
        command.Subcommands.Add(ConvertUsersCommand.Create());
        command.Subcommands.Add(ConvertHarvestSourcesCommand.Create());
        return command;
    }

    public static Option<string> Profile() => new("--profile")
    {
        Description = "Migration profile: dgu (data.gov.uk ckanext-dgu → ckanext-datagovuk)",
        DefaultValueFactory = _ => "dgu",
    };

    public static void CheckProfile(ParseResult parse, Option<string> profile)
    {
        var name = parse.GetValue(profile);
        if (name != "dgu") throw new UsageException($"unknown profile '{name}': the built-in profile is dgu");
    }

    private static Command Datasets()
    {
        var profile = Profile();
        var files = new FileStageOptions(LogFields.Convert, force: true);
        var command = new Command("datasets", "Convert legacy data.gov.uk datasets to the new schema (docs/dgu-profile.md)");
        command.Options.Add(profile);
        files.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CheckProfile(parse, profile);
            var summary = await RunFileConversion(new DguDatasetConverter(), "convert datasets", files.Read(parse), ownerOnly: false, cancellationToken, CkanMigrate.Entities.EntityKind.Datasets).ConfigureAwait(false);
            return summary.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One input file through one converter into one output file, with progress, log, rejects and summary.</summary>
    public static async Task<ConvertSummary> RunFileConversion(IRecordConverter converter, string label, FileStage files, bool ownerOnly,
        CancellationToken cancellationToken, CkanMigrate.Entities.EntityKind? kind = null)
    {
        var summary = await FileOptions.RunFileStageAsync(label, files, ownerOnly,
            (lines, output, log, rejects, progress) => new ConvertRunner(converter, files.Threads).RunAsync(lines, output, log, rejects, progress, cancellationToken: cancellationToken),
            cancellationToken, kind).ConfigureAwait(false);
        PrintSummary(label, summary, files.OutputPath);
        return summary;
    }

    public static void PrintSummary(string label, ConvertSummary summary, string outputPath)
    {
        Counts.EnsureAddUp(summary.AddsUp, summary.Describe());
        foreach (var line in summary.DescribeNotes()) Output.Summary(line);
        Output.Summary(string.Format(CultureInfo.InvariantCulture, "{0}: {1} in {2:0.0}s ({3:0.0} MB/s) -> {4}",
            label, summary.Describe(), summary.Elapsed.TotalSeconds,
            summary.Elapsed.TotalSeconds > 0 ? summary.BytesRead / 1048576.0 / summary.Elapsed.TotalSeconds : 0, outputPath));
    }
}
