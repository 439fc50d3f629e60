using System.Runtime.CompilerServices;
using CkanMigrate.Ckan;
using CkanMigrate.Indexing;

namespace CkanMigrate.Dump;

/// <summary>
/// Proves a search dump complete against a listing that does not come from the search index:
/// package_list (the database's active public datasets, by name) and, with a sysadmin's key, each
/// organization's member_list (ids, private datasets included). Every listed dataset the pages did
/// not hold is handed back to be fetched with package_show: one the index lagged behind on, or one
/// created while the pages were read. Where the listing cannot be had, <see cref="Unproven"/> says why.
/// </summary>
internal sealed class CompletenessCheck(CkanClient client, CkanSiteInfo site, int listPageSize)
{
    public string? Unproven { get; private set; }

    /// <summary>Check against package_list only, without each organization's member_list.</summary>
    public bool PublicOnly { get; init; }

    public async IAsyncEnumerable<string> UnseenAsync(SeenKeys seen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lister = new DatasetKeyLister(client, site, listPageSize);
        List<string> names;
        try
        {
            names = await lister.PublicNamesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            Unproven = $"package_list is not available ({e.Describe()}), so the datasets read through package_search cannot be checked against the database";
            yield break;
        }
        foreach (var name in names)
            if (!seen.Contains(name)) yield return name;
        names.Clear();

        // Private datasets are in no public listing; only a sysadmin sees every organization's members.
        if (!site.Key.Sysadmin || PublicOnly) yield break;
        await foreach (var id in lister.OrganizationDatasetIdsAsync(cancellationToken).ConfigureAwait(false))
            if (!seen.Contains(id)) yield return id;
    }
}
