namespace CkanMigrate.Dump;

/// <summary>How a dump lists and reads its records (chosen by the kind, the options and the site's version).</summary>
internal enum DumpStrategy
{
    /// <summary>An incremental datasets dump: a listing of every dataset, then only the changed ones read whole.</summary>
    Changed,
    /// <summary>package_search pages (keyset), then the completeness check.</summary>
    Search,
    /// <summary>harvest_source_list (old sites).</summary>
    List,
    /// <summary>The kind's list action, then one *_show per record.</summary>
    Show,
}
