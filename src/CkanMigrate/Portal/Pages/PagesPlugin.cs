using System.Text.Json.Nodes;
using CkanMigrate.Ckan;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// Whether a site has ckanext-pages, and whether this key may read and write its pages: asked, with a
/// listing of a page type no page has (cheap). Only a sysadmin lists private pages and writes any:
/// ckanext-pages refuses others inside the action (a 401 abort the API turns into a 500, recorded),
/// so the key is checked here rather than learnt from a failure that looks like a broken site.
/// </summary>
internal static class PagesPlugin
{
    public static async Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        try
        {
            await client.CallAsync("ckanext_pages_list", new JsonObject { ["page_type"] = "ckan-migrate-probe" }, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.BadRequest)
        {
            return "the pages plugin (ckanext-pages) is not enabled there (no ckanext_pages_list)";
        }
        return site.Key.Sysadmin ? null : "only a sysadmin key can read private pages and write pages (ckanext-pages allows no one else)";
    }
}
