using System.Runtime.CompilerServices;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;
using CkanMigrate.Reporting;

namespace CkanMigrate.Dump;

/// <summary>
/// The site's datasets of other kinds (<see cref="OwnKindTypes"/>: harvest sources, showcases) kept
/// out of a check of the datasets against package_list, which names them too: listed through search
/// with their type named (one page per thousand), so they are not each read again with package_show
/// as a dataset the search missed, on every run. Asked only once package_list names a dataset the
/// search did not give, so a site without them pays nothing.
/// </summary>
internal static class OwnKindListing
{
    /// <summary>The keys <paramref name="unseen"/> gives, without those of the other kinds.</summary>
    public static async IAsyncEnumerable<string> WithoutAsync(IAsyncEnumerable<string> unseen, SeenKeys seen, CkanClient client, CkanSiteInfo site,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var listed = false;
        await foreach (var key in unseen.ConfigureAwait(false))
        {
            if (!listed)
            {
                await AddToAsync(seen, client, site, ct).ConfigureAwait(false);
                listed = true;
            }
            if (!seen.Contains(key)) yield return key;
        }
    }

    private static async Task AddToAsync(SeenKeys seen, CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        foreach (var (type, plugin) in OwnKindTypes.All)
        {
            if (!site.HasExtension(plugin)) continue; // none of them, or nothing hides them from search
            try
            {
                var pager = new PackageSearchPager(client, site, 1000);
                await foreach (var item in pager.ReadAllAsync(new ProgressCounter(type), $"+dataset_type:{type}", ct).ConfigureAwait(false))
                {
                    seen.Add(item.Id);
                    seen.Add(item.Name);
                }
            }
            catch (CkanApiException e) when (!e.IsTransient)
            {
                // A site that will not list them so: each is read and left out by its type instead.
            }
        }
    }
}
