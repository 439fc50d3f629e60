using CkanMigrate.Entities;

namespace CkanMigrate.Dump;

public sealed record DumpOptions
{
    public required EntityDescriptor Entity { get; init; }

    /// <summary>Names or ids to dump; empty means every record (<c>--all</c>).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    public DatasetListing Via { get; init; } = DatasetListing.Auto;

    /// <summary>*_show calls in flight at once (<c>-p</c>).</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>Where uploaded files go (<c>--files</c>), or null to copy metadata only.</summary>
    public string? FilesFolder { get; init; }

    /// <summary>package_search page size; CKAN caps it at 1000 whatever is asked.</summary>
    public int SearchPageSize { get; init; } = 1000;

    /// <summary>organization_list/group_list page size (CKAN's default cap is 1000 names).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Datasets only: an incremental dump (only what changed, plus a listing of all), or null for a full one.</summary>
    internal ChangedSince? Changed { get; init; }
}
