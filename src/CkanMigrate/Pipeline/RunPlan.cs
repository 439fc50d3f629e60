using CkanMigrate.Ckan;
using CkanMigrate.Entities;

namespace CkanMigrate.Pipeline;

/// <summary>
/// The steps of a run that show progress (a counter each), in the order <see cref="MigrationRun"/> takes them
/// ("dump:users" … "load:datastore"), so the live view can say "stage 4 of 11". Worked out at the
/// start from what is known then: the kinds the source has, the profile, whether there is a
/// cut-off, the DataStore. A step that turns out to have nothing to do (a source whose datasets
/// name no table) is passed over, so the last stage shown may be short of the count. A step
/// MigrationRun gains belongs here too: one that is not here is shown without a number.
/// </summary>
internal static class RunPlan
{
    public static IReadOnlyList<string> Steps(RunOptions options, CkanSiteInfo? sourceSite, bool filtered, string? tablesFolder)
    {
        var kinds = EntityDescriptor.InLoadOrder
            .Where(e => options.From.IsCkan ? e.Kind != EntityKind.HarvestSources || sourceSite!.HasExtension("harvest") : options.From.FileOf(e) is not null)
            .Select(e => e.Kind).ToHashSet();
        var tables = tablesFolder is not null && kinds.Contains(EntityKind.Datasets) && (!options.From.IsCkan || sourceSite!.HasExtension("datastore"));
        // A portal kind is counted where the source may have it; one it turns out to lack (or to have none of) is passed over.
        var inRun = Portal.RunOrder.All.Where(k => k.Core is { } core ? kinds.Contains(core.Kind)
            : options.Moves(k.Portal!) && (options.From.IsCkan || options.From.FileOf(k.CliName) is not null)).ToList();
        var steps = new List<string>();
        if (options.From.IsCkan)
            foreach (var kind in inRun)
            {
                steps.Add($"dump:{kind.CliName}");
                if (kind.Core?.Kind == EntityKind.Datasets && tables) steps.Add("dump:datastore"); // the tables the datasets name
            }
        steps.AddRange(Converts(options, kinds));
        if (filtered && kinds.Contains(EntityKind.Datasets)) steps.Add("filter:datasets");
        // Writing a folder target is a copy, shown by no counter: only a CKAN target's loads are stages.
        if (options.To.IsCkan)
            foreach (var kind in inRun)
            {
                steps.Add($"load:{kind.CliName}");
                if (kind.Core?.Kind == EntityKind.Datasets && tables) steps.Add("load:datastore"); // a table needs its resource in
            }
        return steps;
    }

    private static IEnumerable<string> Converts(RunOptions options, HashSet<EntityKind> kinds)
    {
        if (options.ProfileFile is { } profile)
            return EntityDescriptor.InLoadOrder.Where(e => kinds.Contains(e.Kind) && profile.ConverterFor(e.Kind) is not null).Select(e => $"convert:{e.CliName}");
        if (options.Profile != RunOptions.DguProfile) return [];
        var steps = new List<string>();
        if (kinds.Contains(EntityKind.Users) && kinds.Contains(EntityKind.Organizations)) steps.Add("convert:users+organizations");
        steps.AddRange(new[] { EntityDescriptor.Datasets, EntityDescriptor.HarvestSources }.Where(e => kinds.Contains(e.Kind)).Select(e => $"convert:{e.CliName}"));
        return steps;
    }
}
