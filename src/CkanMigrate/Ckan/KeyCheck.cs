using System.Text.Json.Nodes;

namespace CkanMigrate.Ckan;

/// <summary>
/// Finds out whether a site accepts the key and whether it is a sysadmin's (spec/ckan-api.md §2,
/// spec/ckan-2.10-exchanges-2.md §2): on 2.10+ <c>user_show</c> with no id returns the key's own
/// user (404 when anonymous); before, <c>config_option_show</c> answers only a sysadmin (2.4+), and
/// on 2.2–2.3 <c>user_list</c> shows each API key to its owner and to sysadmins, so the caller's row is found.
/// </summary>
internal static class KeyCheck
{
    public static async Task<KeyAccess> RunAsync(CkanClient client, CkanCapabilities capabilities, CancellationToken ct)
    {
        if (!client.HasApiKey) return KeyAccess.None;
        if (capabilities.Version >= new Version(2, 10))
        {
            try
            {
                var me = await client.CallAsync("user_show", new JsonObject(), ct).ConfigureAwait(false) as JsonObject;
                return new KeyAccess(true, true, me?["sysadmin"] is JsonValue v && v.TryGetValue<bool>(out var admin) && admin,
                    me?["name"]?.ToString(), me?["id"]?.ToString());
            }
            catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound or CkanErrorKind.NotAuthorized)
            {
                return new KeyAccess(true, false, false, null, null);
            }
        }
        try
        {
            await client.CallAsync("config_option_show", new JsonObject { ["key"] = "ckan.site_title" }, ct).ConfigureAwait(false);
            return new KeyAccess(true, true, true, null, null);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotAuthorized)
        {
            return new KeyAccess(true, null, false, null, null); // a user's key, or one the site does not know: 2.4–2.9 cannot tell
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.BadRequest)
        {
            // 2.2–2.3: no config_option_show, and only legacy keys. user_list shows a key to its owner and
            // to sysadmins (user_dictize), so the caller's own row is found unless the key is unknown.
            var mine = await OwnRowAsync(client, ct).ConfigureAwait(false);
            if (mine is null) return new KeyAccess(true, false, false, null, null);
            return new KeyAccess(true, true, mine["sysadmin"] is JsonValue v && v.TryGetValue<bool>(out var admin) && admin,
                mine["name"]?.ToString(), mine["id"]?.ToString());
        }
    }

    /// <summary>
    /// On 2.4–2.9 config_option_show says a key is a sysadmin's but not whose. A users load needs
    /// the name (that account is never changed), and user_list shows each legacy API key to
    /// sysadmins (user_dictize), so the caller's own row names it. Costs one user_list, so only
    /// a users load asks. An API token (2.9) matches no row: the owner stays unknown.
    /// </summary>
    public static async Task<KeyAccess> LearnOwnerAsync(CkanClient client, KeyAccess key, CancellationToken ct)
    {
        if (!key.Sysadmin || key.UserName is not null) return key;
        var mine = await OwnRowAsync(client, ct).ConfigureAwait(false);
        return mine is null ? key : key with { UserName = mine["name"]?.ToString(), UserId = mine["id"]?.ToString() };
    }

    private static async Task<JsonObject?> OwnRowAsync(CkanClient client, CancellationToken ct)
    {
        var users = await client.CallAsync("user_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        return users.OfType<JsonObject>().FirstOrDefault(u => u["apikey"]?.ToString() is { Length: > 0 } k && client.KeyEquals(k));
    }
}
