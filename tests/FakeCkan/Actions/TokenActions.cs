using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// API tokens (api_token_create/list/revoke, 2.9+): a user makes tokens for themself, a sysadmin for
/// anyone; the token is a JWT whose jti is the row's id; a revoked token authenticates nobody, so a
/// call with it runs as anonymous. last_access is noted when a token is used.
/// </summary>
internal static class TokenActions
{
    private static readonly Version Since = new(2, 9);

    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["api_token_create"] = new(Create, false, Since);
        actions["api_token_list"] = new(List, true, Since);
        actions["api_token_revoke"] = new(Revoke, false, Since);
    }

    private static JsonNode Create(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "user", "name");
        var user = ctx.Store.FindUser(ctx.Str("user")!) ?? throw CkanActionException.NotFound("Not found: User not found");
        if (!ctx.IsSysadmin && FakeCkanStore.Str(user, "name") != ctx.CallerName) throw CkanActionException.NotAuthorized();
        if (string.IsNullOrEmpty(ctx.Str("name"))) throw CkanActionException.Validation("name", "Missing value");
        // 2.12: a sysadmin migrating tokens may give the row's id (the token's jti), created_at and last_access (isodate).
        var migrated = ctx.Is212() && ctx.IsSysadmin;
        var errors = new Validation.Errors();
        string? Date(string field) => migrated && ctx.Str(field) is { Length: > 0 } value
            ? IsoDates.Accepts(ctx, value) ? IsoDates.Naive(value) : Invalid(field) : null;
        string? Invalid(string field)
        {
            errors.Add(field, "Date format incorrect");
            return null;
        }
        var (givenCreated, givenAccess) = (Date("created_at"), Date("last_access"));
        errors.ThrowIfAny();
        var jti = migrated && ctx.Str("id") is { Length: > 0 } givenId ? givenId : Base64Url(RandomNumberGenerator.GetBytes(32));
        var created = givenCreated ?? ctx.Store.Now();
        var iat = new DateTimeOffset(DateTime.Parse(created, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var token = string.Join('.',
            Base64Url(Encoding.UTF8.GetBytes("""{"typ":"JWT","alg":"HS256"}""")),
            Base64Url(Encoding.UTF8.GetBytes(new JsonObject { ["jti"] = jti, ["iat"] = iat }.ToJsonString())),
            Base64Url(RandomNumberGenerator.GetBytes(32)));
        ctx.Store.Portal.ApiTokens.Add(new JsonObject
        {
            ["id"] = jti,
            ["name"] = ctx.Str("name"),
            ["user_id"] = user["id"]!.DeepClone(),
            ["created_at"] = created,
            ["last_access"] = givenAccess,
            ["token"] = token,
        });
        ctx.Store.Tokens[token] = FakeCkanStore.Str(user, "id")!;
        ctx.Store.Portal.Issued.Add(token);
        return ctx.Is212() ? new JsonObject { ["token"] = token, ["id"] = jti } : new JsonObject { ["token"] = token };
    }

    private static JsonNode List(ActionContext ctx)
    {
        var idOrName = ctx.Str("user_id") ?? ctx.Str("user");
        if (string.IsNullOrEmpty(idOrName)) throw CkanActionException.Validation("user_id", "Missing value");
        var user = ctx.Store.FindUser(idOrName);
        if (!ctx.IsSysadmin && (user is null || FakeCkanStore.Str(user, "name") != ctx.CallerName)) throw CkanActionException.NotAuthorized();
        if (user is null) throw CkanActionException.NotFound("Not found: User not found");
        return new JsonArray(ctx.Store.Portal.ApiTokens.Where(t => FakeCkanStore.Str(t, "user_id") == FakeCkanStore.Str(user, "id"))
            .Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t["id"]?.DeepClone(),
                ["name"] = t["name"]?.DeepClone(),
                ["user_id"] = t["user_id"]?.DeepClone(),
                ["created_at"] = t["created_at"]?.DeepClone(),
                ["last_access"] = t["last_access"]?.DeepClone(),
            }).ToArray());
    }

    /// <summary>By jti, or by the token itself; the owner or a sysadmin; an unknown jti revokes nothing.</summary>
    private static JsonNode? Revoke(ActionContext ctx)
    {
        var jti = ctx.Str("jti");
        if (string.IsNullOrEmpty(jti))
        {
            GetOrBust.Require(ctx, "token");
            jti = FakeCkanStore.Str(ctx.Store.Portal.ApiTokens.FirstOrDefault(t => FakeCkanStore.Str(t, "token") == ctx.Str("token")), "id");
        }
        if (ctx.Caller is null) throw CkanActionException.NotAuthorized();
        var row = ctx.Store.Portal.ApiTokens.FirstOrDefault(t => FakeCkanStore.Str(t, "id") == jti);
        if (!ctx.IsSysadmin && (row is null || FakeCkanStore.Str(row, "user_id") != ctx.CallerId)) throw CkanActionException.NotAuthorized();
        if (row is null) return null;
        ctx.Store.Portal.ApiTokens.Remove(row);
        ctx.Store.Tokens.Remove(FakeCkanStore.Str(row, "token")!);
        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
