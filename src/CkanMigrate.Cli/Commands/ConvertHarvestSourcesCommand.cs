using System.CommandLine;
using CkanMigrate.Migrations.Dgu;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>convert harvest-sources --profile dgu</c>: legacy harvest_source_list rows to ckanext-harvest sources (docs/dgu-profile.md).</summary>
public static class ConvertHarvestSourcesCommand
{
    public static Command Create()
    {
        var profile = ConvertCommand.Profile();
        var files = new FileStageOptions(CkanMigrate.Reporting.LogFields.Convert, "Legacy harvest sources (dump harvest-sources of the old site)", force: true);
        var production = new Option<bool>("--production") { Description = "Keep each source's frequency (else MANUAL)" };
        var command = new Command("harvest-sources", "Convert legacy harvest sources to ckanext-harvest sources (docs/dgu-profile.md)");
        command.Options.Add(profile);
        files.AddTo(command);
        command.Options.Add(production);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ConvertCommand.CheckProfile(parse, profile);
            var summary = await ConvertCommand.RunFileConversion(new DguHarvestSourceConverter(parse.GetValue(production)), "convert harvest-sources",
                files.Read(parse), ownerOnly: false, cancellationToken, CkanMigrate.Entities.EntityKind.HarvestSources).ConfigureAwait(false);
            return summary.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }
}
