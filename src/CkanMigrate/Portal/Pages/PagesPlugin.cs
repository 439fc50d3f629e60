using CkanMigrate.Ckan;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// Whether a site has ckanext-pages, read off its plugins (status_show lists "pages", recorded) at no
/// cost, and whether this key may read and write its pages: only a sysadmin lists private pages and
/// writes any. ckanext-pages refuses others inside the action (a 401 abort the API turns into a 500,
/// recorded), so the key is checked here rather than learnt from a failure that looks like a broken site.
/// </summary>
internal static class PagesPlugin
{
    public static Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct) =>
        Task.FromResult(!site.HasExtension("pages") ? "the pages plugin (ckanext-pages) is not enabled there (not among its extensions)"
            : site.Key.Sysadmin ? null : "only a sysadmin key can read private pages and write pages (ckanext-pages allows no one else)");
}
