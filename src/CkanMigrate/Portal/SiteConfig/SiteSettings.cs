using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.SiteConfig;

/// <summary>What a site offers of its settings: the keys config_option_list names (its update schema's), asked of a sysadmin.</summary>
internal static class SiteSettings
{
    /// <summary>Why the site gives or holds no settings, asked (config_option_list), or null.</summary>
    public static async Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        try
        {
            await client.CallAsync("config_option_list", new JsonObject(), ct).ConfigureAwait(false);
            return null;
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.BadRequest)
        {
            return $"CKAN {site.Capabilities} has no runtime site settings (no config_option_list: they came with 2.4)";
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotAuthorized)
        {
            return "only a sysadmin key can read and write the site settings (config_option_list is refused to this key)";
        }
    }

    public static async Task<List<string>> KeysAsync(CkanClient client, CancellationToken ct) =>
        GroupNameLister.Names(await client.CallAsync("config_option_list", new JsonObject(), ct).ConfigureAwait(false)).ToList();
}
