using System.Text;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Followers;

/// <summary>
/// Acting as one user on the target, for as short a time as possible: a sysadmin makes the user an
/// API token (api_token_create, 2.9+; a sysadmin may make one for anyone, recorded), the work is
/// done with a client holding it, and the sysadmin revokes it by its jti (api_token_revoke) in a
/// finally, with a time of its own: a stopped run (Ctrl-C, SIGTERM) or a failing call revokes too.
/// The token never leaves this class: it is not logged, printed or written.
/// </summary>
internal static class FollowToken
{
    /// <summary>The name the tokens are made with, so that one left behind (a process killed outright) can be told apart.</summary>
    public const string Name = "ckan-migrate: follows as this user, revoked at once";

    private static readonly TimeSpan RevokeTime = TimeSpan.FromMinutes(2);

    public static async Task<T> AsUserAsync<T>(PortalTarget target, string user, TokenLedger ledger, Func<CkanClient, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        JsonObject? made;
        try
        {
            // Once: an answer lost on the way may have made a token, and a retry would make another.
            made = await target.Client.CallOnceAsync("api_token_create", new JsonObject { ["user"] = user, ["name"] = Name }, ct).ConfigureAwait(false) as JsonObject;
        }
        catch (CkanApiException e) when (e.IsTransient)
        {
            await SweepAsync(target.Client, user, ledger).ConfigureAwait(false);
            throw;
        }
        var token = JsonText.NonEmpty(made?["token"]) ?? throw new CkanApiException("api_token_create", CkanErrorKind.NotCkan, 200, "the answer holds no token");
        ledger.CountMade();
        var jti = JsonText.NonEmpty(made!["id"]) ?? JtiOf(token); // 2.12 says it; before, it is in the token
        try
        {
            using var client = new CkanClient(target.Client.Options with { ApiKey = token });
            return await work(client, ct).ConfigureAwait(false);
        }
        finally
        {
            await RevokeAsync(target.Client, user, jti is null ? new JsonObject { ["token"] = token } : new JsonObject { ["jti"] = jti }, jti, ledger).ConfigureAwait(false);
        }
    }

    private static async Task RevokeAsync(CkanClient sysadmin, string user, JsonObject which, string? jti, TokenLedger ledger)
    {
        try
        {
            using var time = new CancellationTokenSource(RevokeTime); // not the run's: a stopped run revokes too
            await sysadmin.CallAsync("api_token_revoke", which, time.Token).ConfigureAwait(false);
            ledger.CountRevoked();
        }
        catch (Exception e) when (e is CkanApiException or OperationCanceledException)
        {
            ledger.NotRevoked(user, jti, e is CkanApiException c ? c.Describe() : "no answer in time");
        }
    }

    /// <summary>After a create whose answer was lost: the user's tokens of this name, made by this call or a run killed outright, revoked.</summary>
    private static async Task SweepAsync(CkanClient sysadmin, string user, TokenLedger ledger)
    {
        try
        {
            using var time = new CancellationTokenSource(RevokeTime);
            var tokens = await sysadmin.CallAsync("api_token_list", new JsonObject { ["user_id"] = user }, time.Token).ConfigureAwait(false) as JsonArray ?? [];
            foreach (var row in tokens.OfType<JsonObject>().Where(t => JsonText.NonEmpty(t["name"]) == Name))
            {
                ledger.CountMade();
                await RevokeAsync(sysadmin, user, new JsonObject { ["jti"] = JsonText.NonEmpty(row["id"]) }, JsonText.NonEmpty(row["id"]), ledger).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is CkanApiException or OperationCanceledException)
        {
            ledger.NotRevoked(user, null, "a token may have been made while the site stopped answering, and its tokens could not be listed");
        }
    }

    /// <summary>The jti claim of a CKAN API token (a JWT: header.payload.signature, the payload base64url JSON).</summary>
    public static string? JtiOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            return JsonText.NonEmpty((JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))) as JsonObject)?["jti"]);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
