namespace CkanMigrate.Dump;

/// <summary>How datasets are enumerated: <c>--via search|show</c>.</summary>
public enum DatasetListing
{
    /// <summary>package_search pages where the source supports visibility flags, else list + show.</summary>
    Auto,
    /// <summary>package_search, 1000 per call.</summary>
    Search,
    /// <summary>package_list (+ private ids from member_list) then one package_show per dataset.</summary>
    Show,
    /// <summary>Harvest sources: the harvest_source_list action (old sites, the DGU fork).</summary>
    List,
}
