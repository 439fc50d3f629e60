using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// What a user follows: followee_list (every kind, as {type, display_name, dict}, by display name,
/// q matching its start), the per-kind *_followee_list and the counts. Lists are for the user
/// themself or a sysadmin ("Not authorized" otherwise); counts are public.
/// </summary>
internal static class FolloweeActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["followee_list"] = new(FolloweeList, true);
        actions["user_followee_list"] = new(ctx => Dicts(ctx, Allowed(ctx), "user").ToJsonArray(), true);
        actions["dataset_followee_list"] = new(ctx => Dicts(ctx, Allowed(ctx), "dataset").ToJsonArray(), true);
        actions["group_followee_list"] = new(ctx => Dicts(ctx, Allowed(ctx), "group").ToJsonArray(), true);
        actions["organization_followee_list"] = new(ctx => Dicts(ctx, Allowed(ctx), "organization").ToJsonArray(), true);
        actions["followee_count"] = new(ctx => FollowerActions.Rows(ctx, "user", null, User(ctx)).Count()
                                              + FollowerActions.Rows(ctx, "dataset", null, User(ctx)).Count()
                                              + FollowerActions.Rows(ctx, "group", null, User(ctx)).Count(), true);
        actions["user_followee_count"] = new(ctx => FollowerActions.Rows(ctx, "user", null, User(ctx)).Count(), true);
        actions["dataset_followee_count"] = new(ctx => FollowerActions.Rows(ctx, "dataset", null, User(ctx)).Count(), true);
        actions["group_followee_count"] = new(ctx => Dicts(ctx, User(ctx), "group").Count(), true);
        actions["organization_followee_count"] = new(ctx => Dicts(ctx, User(ctx), "organization").Count(), true);
    }

    private static JsonArray ToJsonArray(this IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i).ToArray());

    private static string User(ActionContext ctx) => FollowerActions.Object(ctx, "user", "id");

    /// <summary>_followee_list's auth: logged in, and the user themself or a sysadmin.</summary>
    private static string Allowed(ActionContext ctx)
    {
        if (ctx.Caller is null) throw CkanActionException.NotAuthorized("Access denied: Not authorized");
        var user = User(ctx);
        if (user != ctx.CallerId && !ctx.IsSysadmin) throw CkanActionException.NotAuthorized("Access denied: Not authorized");
        return user;
    }

    /// <summary>The followed objects of one type as their list actions dictize them.</summary>
    private static IEnumerable<JsonObject> Dicts(ActionContext ctx, string userId, string type)
    {
        var kind = type == "organization" ? "group" : type;
        var ids = FollowerActions.Rows(ctx, kind, null, userId).Select(f => FakeCkanStore.Str(f, "object_id") ?? "").ToList();
        return type switch
        {
            "user" => FollowerActions.UserDicts(ctx, ids),
            "dataset" => ids.Select(id => ctx.Store.FindDataset(id)).OfType<JsonObject>().Select(d => Render.Dataset(ctx, d)),
            _ => ids.Select(id => ctx.Store.FindGroupAnyType(id)).OfType<JsonObject>()
                .Where(g => FakeCkanStore.IsOrg(g) == (type == "organization"))
                .Select(g => Render.Group(ctx, g, includeUsers: false, includeExtras: false, listRow: true)),
        };
    }

    private static JsonNode FolloweeList(ActionContext ctx)
    {
        var user = Allowed(ctx);
        var rows = new List<JsonObject>();
        foreach (var type in new[] { "user", "dataset", "group", "organization" })
            foreach (var d in Dicts(ctx, user, type))
            {
                var display = new[] { "display_name", "fullname", "title", "name" }.Select(k => FakeCkanStore.Str(d, k)).FirstOrDefault(s => !string.IsNullOrEmpty(s));
                rows.Add(new JsonObject { ["type"] = type, ["display_name"] = display, ["dict"] = d });
            }
        IEnumerable<JsonObject> sorted = rows.OrderBy(r => FakeCkanStore.Str(r, "display_name"), StringComparer.Ordinal);
        if (ctx.Str("q")?.Trim().ToLowerInvariant() is { Length: > 0 } q)
            sorted = sorted.Where(r => (FakeCkanStore.Str(r, "display_name") ?? "").Trim().ToLowerInvariant().StartsWith(q, StringComparison.Ordinal));
        return new JsonArray(sorted.Select(r => (JsonNode)r).ToArray());
    }
}
