using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.Portal;

/// <summary>What a portal kind's dump is given: the source, how many calls may be in flight, and what it may read instead of asking.</summary>
/// <param name="Keys">the records to dump, named as the kind's dump takes them (empty: every record)</param>
/// <param name="Datasets">a datasets dump of the same source (JSON Lines), read instead of listing datasets again; in an incremental run it holds only the datasets that changed</param>
/// <param name="FilesFolder">where the records' uploaded files are fetched to (<see cref="PortalKind.FilesOf"/>), or null to fetch none</param>
internal sealed record PortalDumpRequest(CkanClient Client, CkanSiteInfo Site, int Parallel, IReadOnlyList<string> Keys, string? Datasets, ProgressCounter Progress,
    string? FilesFolder = null);
