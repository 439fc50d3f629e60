using System.CommandLine;
using CkanMigrate.Entities;
using CkanMigrate.Migrations.Dgu;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>convert harvest-sources --profile dgu|FILE</c>: dgu turns legacy harvest_source_list rows into ckanext-harvest sources (docs/dgu-profile.md).</summary>
internal static class ConvertHarvestSourcesCommand
{
    public static Command Create()
    {
        var production = new Option<bool>("--production") { Description = "dgu: keep each source's frequency (else MANUAL)" };
        return ConvertCommand.KindCommand(EntityDescriptor.HarvestSources, "Convert harvest sources (dgu: legacy harvest sources to ckanext-harvest sources)",
            parse => new DguHarvestSourceConverter(parse.GetValue(production)), production);
    }
}
