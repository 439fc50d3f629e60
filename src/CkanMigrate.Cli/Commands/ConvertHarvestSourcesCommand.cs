using System.CommandLine;
using CkanMigrate.Migrations.Dgu;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>convert harvest-sources --profile dgu</c>: legacy harvest_source_list rows to ckanext-harvest sources (spec §8).</summary>
public static class ConvertHarvestSourcesCommand
{
    public static Command Create()
    {
        var profile = ConvertCommand.Profile();
        var input = FileOptions.Input("Legacy harvest sources (dump harvest-sources of the old site)");
        var output = FileOptions.Output();
        var production = new Option<bool>("--production") { Description = "Keep each source's frequency (else MANUAL)" };
        var gzip = FileOptions.Gzip();
        var log = FileOptions.Log();
        var rejects = FileOptions.Rejects();
        var quiet = FileOptions.Quiet();
        var command = new Command("harvest-sources", "Convert legacy harvest sources (spec §8)");
        foreach (var option in new Option[] { profile, input, output, production, gzip, log, rejects, quiet }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ConvertCommand.CheckProfile(parse, profile);
            var inputPath = FileOptions.ExistingFile(parse.GetValue(input)!, "input");
            var summary = await ConvertCommand.RunFileConversion(new DguHarvestSourceConverter(parse.GetValue(production)), "convert harvest-sources",
                inputPath, parse.GetValue(output)!, parse.GetValue(gzip), parse.GetValue(log), parse.GetValue(rejects), parse.GetValue(quiet),
                ownerOnly: false, cancellationToken).ConfigureAwait(false);
            return summary.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }
}
