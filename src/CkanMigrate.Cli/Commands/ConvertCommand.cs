using System.CommandLine;
using System.Globalization;
using CkanMigrate.Cli.Console;
using CkanMigrate.Entities;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// <c>ckan-migrate convert KIND --profile dgu|FILE ...</c>: dump files to the target's schema, with
/// the built-in data.gov.uk profile or a profile file (ckanext-transmute schemas per kind).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var command = new Command("convert", "Convert dump files to the target's schema: the built-in dgu profile (data.gov.uk, described in " +
                                             $"{ShippedDocs.DguProfile}) or a profile file you write (YAML/JSON, ckanext-transmute schemas; see profiles/README.md)");
        command.Subcommands.Add(KindCommand(EntityDescriptor.Datasets, "Convert datasets (dgu: legacy data.gov.uk datasets to the new schema)", _ => new DguDatasetConverter()));
        command.Subcommands.Add(ConvertUsersCommand.Create());
        command.Subcommands.Add(KindCommand(EntityDescriptor.Organizations, "Convert organizations with a profile file (dgu converts them with convert users)", null));
        command.Subcommands.Add(KindCommand(EntityDescriptor.Groups, "Convert groups with a profile file", null));
        command.Subcommands.Add(ConvertHarvestSourcesCommand.Create());
        return command;
    }

    /// <param name="defaultsToDgu">whether the kind has a dgu conversion, and so takes dgu when no --profile is given</param>
    public static Option<string> Profile(bool defaultsToDgu = true)
    {
        var option = new Option<string>("--profile")
        {
            Description = defaultsToDgu ? "dgu (the built-in data.gov.uk profile, the default) or a profile file (YAML/JSON)" : "A profile file (YAML/JSON, see profiles/README.md)",
            HelpName = defaultsToDgu ? "dgu|FILE" : "FILE",
        };
        if (defaultsToDgu) option.DefaultValueFactory = _ => ProfileChoice.Dgu;
        else option.Required = true;
        return option;
    }

    /// <summary>
    /// One kind's convert: its dgu converter (when it has one, with <paramref name="dgu"/>) or a profile
    /// file's; <c>--check</c> reads the profile only, <c>--preview N</c> shows records before and after.
    /// </summary>
    public static Command KindCommand(EntityDescriptor entity, string description, Func<ParseResult, IRecordConverter>? dgu, params Option[] dguOptions)
    {
        var profile = Profile(defaultsToDgu: dgu is not null);
        var check = ProfileChoice.CheckOption();
        var preview = ProfileChoice.PreviewOption();
        var files = new FileStageOptions(LogFields.Convert, force: true, filesOptional: true);
        var command = new Command(entity.CliName, description);
        foreach (var option in new Option[] { profile, check, preview }.Concat(dguOptions)) command.Options.Add(option);
        files.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(profile)!;
            if (chosen == ProfileChoice.Dgu && dgu is null)
                throw new UsageException($"the dgu profile has no convert {entity.CliName}{(entity.Kind == EntityKind.Organizations ? " (it converts organizations with convert users)" : "")}: give a profile file with --profile");
            if (chosen == ProfileChoice.None) throw new UsageException("convert needs a profile: dgu or a profile file (none leaves records as they are: there is nothing to convert)");
            if (chosen == ProfileChoice.Dgu)
            {
                if (parse.GetValue(check) || parse.GetValue(preview) is not null) throw new UsageException("--check and --preview are for a profile file");
                var dguSummary = await RunFileConversion(dgu!(parse), $"convert {entity.CliName}", files.Read(parse), ownerOnly: false, cancellationToken, entity.Kind).ConfigureAwait(false);
                return dguSummary.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
            }
            if (parse.GetValue(check)) return ProfileChoice.Check(chosen);
            foreach (var option in dguOptions.Where(o => parse.GetResult(o) is { Implicit: false }))
                throw new UsageException($"{option.Name} is an option of the dgu profile, not of a profile file");
            var file = ProfileChoice.Load(chosen);
            var converter = file.ConverterFor(entity.Kind)
                            ?? throw new UsageException($"--profile {chosen} converts {string.Join(", ", file.Kinds)}, not {entity.CliName}");
            if (parse.GetValue(preview) is { } count)
                return count < 1 ? throw new UsageException("--preview takes how many records to show (1 or more)")
                    : await ProfileChoice.PreviewAsync(file, entity.CliName, files.Input(parse), count, cancellationToken).ConfigureAwait(false);
            var summary = await RunFileConversion(converter, $"convert {entity.CliName}", files.Read(parse), ownerOnly: entity.Kind == EntityKind.Users, cancellationToken, entity.Kind)
                .ConfigureAwait(false);
            return summary.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One input file through one converter into one output file, with progress, log, rejects and summary.</summary>
    public static async Task<ConvertSummary> RunFileConversion(IRecordConverter converter, string label, FileStage files, bool ownerOnly,
        CancellationToken cancellationToken, EntityKind? kind = null)
    {
        var summary = await FileOptions.RunFileStageAsync(label, files, ownerOnly,
            (lines, output, log, rejects, progress) => new ConvertRunner(converter, files.Threads).RunAsync(lines, output, log, rejects, progress, cancellationToken: cancellationToken),
            cancellationToken, kind).ConfigureAwait(false);
        Output.IfEmpty(summary.LinesRead, files.InputPath, "convert");
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
