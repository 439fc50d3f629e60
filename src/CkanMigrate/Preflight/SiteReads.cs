using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Preflight;

/// <summary>The reads a preflight makes before any write: each one call that changes nothing, and says "not known" where the site cannot answer.</summary>
internal static class SiteReads
{
    /// <summary>ckanext-harvest's harvesters_info_show: the name of every registered harvester (what harvest_source_type_exists checks a source_type against).</summary>
    public static async Task<IReadOnlyList<string>?> HarvestTypesAsync(CkanClient client, CancellationToken ct)
    {
        try
        {
            var info = await client.CallAsync("harvesters_info_show", new JsonObject(), ct).ConfigureAwait(false) as JsonArray;
            return info?.OfType<JsonObject>().Select(h => JsonText.Text(h["name"])).OfType<string>().ToList();
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return null;
        }
    }

    /// <summary>
    /// package_collaborator_list_for_user checks ckan.auth.allow_dataset_collaborators before
    /// anything else ("Dataset collaborators not enabled"): any other answer means they are allowed.
    /// Before 2.9 there is no such action (null).
    /// </summary>
    public static async Task<bool?> CollaboratorsAllowedAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        try
        {
            await client.CallAsync("package_collaborator_list_for_user",
                new JsonObject { ["id"] = site.Key.UserId ?? site.Key.UserName ?? TargetProbes.NotAUuid }, ct).ConfigureAwait(false);
            return true;
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation)
        {
            return !e.Message.Contains("not enabled", StringComparison.OrdinalIgnoreCase)
                   && e.FieldErrors?.ToJsonString().Contains("not enabled", StringComparison.OrdinalIgnoreCase) != true;
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotAuthorized or CkanErrorKind.NotFound)
        {
            return true; // the setting was checked first and let the call through
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return null;
        }
    }

    /// <summary>What is asked for to see the cap: one more than CKAN's default.</summary>
    private const int Asked = 1001;

    /// <summary>
    /// ckan.search.rows_max cannot be read (config_option_show shows only the runtime-editable
    /// options), but package_search caps rows at it silently: a page of ids shorter than asked while
    /// more datasets match shows the cap. A site with fewer datasets than that cannot show it (null).
    /// </summary>
    public static async Task<(int? RowsMax, long? Datasets)> SearchRowsMaxAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        try
        {
            var page = await client.CallAsync("package_search", new JsonObject
            {
                ["q"] = "*:*", ["rows"] = Asked, ["fl"] = "id", ["facet"] = "false",
            }, ct).ConfigureAwait(false);
            var count = page?["count"]?.GetValue<long>() ?? 0;
            var shown = (page?["results"] as JsonArray)?.Count ?? 0;
            return (shown < Math.Min(Asked, count) ? shown : null, count);
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return (null, null);
        }
    }
}
