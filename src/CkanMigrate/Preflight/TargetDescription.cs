using CkanMigrate.Entities;
using CkanMigrate.Ids;

namespace CkanMigrate.Preflight;

/// <summary>A target profile in words, one line per finding, for the run report and the load's summary.</summary>
internal static class TargetDescription
{
    public static IReadOnlyList<string> Lines(TargetProfile profile, IEnumerable<(IdKind Kind, ProbeVerdict Verdict)> ids,
        IEnumerable<(EntityKind Kind, string Shape, ProbeVerdict Verdict, string Example)> names)
    {
        var site = profile.Site;
        var lines = new List<string>
        {
            $"CKAN {site.Capabilities}; plugins: {(site.Extensions.Count == 0 ? "none listed" : string.Join(", ", site.Extensions))}",
            $"key: {site.Key}",
            profile.DataStore ? "DataStore: yes" : "DataStore: no (tables cannot be loaded)",
            !profile.Harvest ? "harvest: no harvest plugin (harvest sources cannot be created)"
            : profile.HarvestSourceTypes is { } types ? $"harvest source types: {string.Join(", ", types)}" : "harvest source types: not shown",
            profile.CollaboratorsAllowed switch
            {
                true => "dataset collaborators: allowed",
                false => "dataset collaborators: not enabled (ckan.auth.allow_dataset_collaborators)",
                null => "dataset collaborators: not available",
            },
            profile.SearchRowsMax is { } cap ? $"package_search rows cap (ckan.search.rows_max): {cap}"
            : profile.SearchedDatasets is { } count ? $"package_search rows cap: not reached by its {count:N0} public datasets" : "package_search rows cap: not looked for",
            profile.KeepsMetadataModified switch
            {
                true => "metadata_modified: kept as the source has it (the target takes a sysadmin's metadata_modified)",
                false => "metadata_modified: the target's own (it sets it on every write; the source's is not kept)",
                null => "metadata_modified: not known (no dataset written)",
            },
        };
        foreach (var (kind, verdict) in ids)
            lines.Add($"{Table(kind)} ids that are not UUIDs: {verdict switch
            {
                { Refused: true } => $"refused (\"{verdict.Reason}\"): such records get an id derived from the source site and id (id-map.tsv)",
                { Refused: false } => "kept as sent",
                _ => "not known (the key may not set ids)",
            }}");
        foreach (var (kind, shape, verdict, example) in names)
            lines.Add($"{EntityDescriptor.For(kind).Singular} names with {shape} (asked with '{example}'): {verdict switch
            {
                { Refused: true } => $"refused (\"{verdict.Reason}\")",
                { Refused: false } => "taken",
                _ => "not known (the key may not ask)",
            }}");
        return lines;
    }

    private static string Table(IdKind kind) => kind switch
    {
        IdKind.Package => "dataset",
        IdKind.Resource => "resource",
        IdKind.Group => "organization and group",
        _ => "user",
    };
}
