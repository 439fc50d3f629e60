using System.Text.Json.Nodes;
using CkanMigrate.Ckan;

namespace CkanMigrate.Portal.Collaborators;

/// <summary>
/// What a site allows of collaborators, learned without writing: package_collaborator_list_for_user
/// checks ckan.auth.allow_dataset_collaborators before anything else ("Dataset collaborators not
/// enabled", 409), and checks a capacity filter against the capacities allowed (admin only with
/// ckan.auth.allow_admin_collaborators: 'Capacity must be one of "editor, member"'). CKAN 2.10
/// logic/action/get.py, and the recordings.
/// </summary>
internal static class CollaboratorSettings
{
    private const string NotEnabled = "Dataset collaborators not enabled";

    /// <summary>Why the site gives or holds no collaborators, asked as the preflight asks it (<see cref="Preflight.SiteReads.CollaboratorsAllowedAsync"/>), or null.</summary>
    public static async Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) =>
        await Preflight.SiteReads.CollaboratorsAllowedAsync(client, site, ct).ConfigureAwait(false) switch
        {
            null => $"CKAN {site.Capabilities} has no dataset collaborators (no package_collaborator_list_for_user: they came with 2.9)",
            false => $"dataset collaborators are not enabled there (ckan.auth.allow_dataset_collaborators is off: \"{NotEnabled}\")",
            true when asSource && !site.Key.Sysadmin => "only a sysadmin key can list every user's dataset collaborators",
            _ => null,
        };

    /// <summary>Whether the admin capacity is allowed; null when the key's own account is unknown, so no user can be named in the question.</summary>
    public static async Task<bool?> AdminAllowedAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        if (site.Key.UserName is null && site.Key.UserId is null) site = site with { Key = await KeyCheck.LearnOwnerAsync(client, site.Key, ct).ConfigureAwait(false) };
        if (site.Key.UserName is null && site.Key.UserId is null) return null;
        try
        {
            await client.CallAsync("package_collaborator_list_for_user", new JsonObject { ["id"] = Me(site), ["capacity"] = "admin" }, ct).ConfigureAwait(false);
            return true;
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && Says(e, "Capacity must be one of"))
        {
            return false;
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotAuthorized or CkanErrorKind.NotFound)
        {
            return null;
        }
    }

    private static string Me(CkanSiteInfo site) => site.Key.UserName ?? site.Key.UserId ?? "-";

    public static bool Says(CkanApiException e, string words) =>
        e.Message.Contains(words, StringComparison.Ordinal) || e.FieldErrors?.ToJsonString().Contains(words, StringComparison.Ordinal) == true;
}
