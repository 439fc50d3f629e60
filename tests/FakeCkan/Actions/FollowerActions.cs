using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Following datasets, users and groups (organizations follow as groups) as CKAN 2.10 / 2.11 answer
/// it: a user follows only as themself (a sysadmin's user_id is ignored); following again is a 409
/// on 2.10 and the same row on 2.11; the follower lists are sysadmin only, the counts public.
/// followee_list is in <see cref="FolloweeActions"/>.
/// </summary>
internal static class FollowerActions
{
    /// <summary>What a kind's objects are called in the messages and schemas: (plural for 2.11, 2.10's "follow a ..." phrase).</summary>
    private static readonly Dictionary<string, (string Plural, string Follow210)> Words = new(StringComparer.Ordinal)
    {
        ["dataset"] = ("datasets", "a dataset."),
        ["user"] = ("users", "users"),
        ["group"] = ("groups", "a group."),
    };

    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        foreach (var kind in Words.Keys)
        {
            actions[$"follow_{kind}"] = new(ctx => Follow(ctx, kind), false);
            actions[$"unfollow_{kind}"] = new(ctx => Unfollow(ctx, kind), false);
            actions[$"{kind}_follower_list"] = new(ctx => FollowerList(ctx, kind), true);
            actions[$"{kind}_follower_count"] = new(ctx => Rows(ctx, kind, objectId: Object(ctx, kind, "id"), followerId: null).Count(), true);
            actions[$"am_following_{kind}"] = new(ctx => AmFollowing(ctx, kind), true);
        }
        actions["organization_follower_list"] = new(ctx => FollowerList(ctx, "group"), true);
        actions["organization_follower_count"] = new(ctx => Rows(ctx, "group", objectId: Object(ctx, "group", "id"), followerId: null).Count(), true);
        FolloweeActions.Register(actions);
    }

    public static IEnumerable<JsonObject> Rows(ActionContext ctx, string kind, string? objectId, string? followerId) =>
        ctx.Store.Portal.Followers.Where(f => FakeCkanStore.Str(f, "kind") == kind
                                              && (objectId is null || FakeCkanStore.Str(f, "object_id") == objectId)
                                              && (followerId is null || FakeCkanStore.Str(f, "follower_id") == followerId));

    /// <summary>The object a follow schema's id names, as its id; 409 when absent or unknown.</summary>
    public static string Object(ActionContext ctx, string kind, string field)
    {
        var idOrName = ctx.Str(field);
        if (string.IsNullOrEmpty(idOrName)) throw CkanActionException.Validation(field, "Missing value");
        var found = kind switch
        {
            "dataset" => ctx.Store.FindDataset(idOrName),
            "user" => ctx.Store.FindUser(idOrName),
            _ => ctx.Store.FindGroupAnyType(idOrName),
        };
        return FakeCkanStore.Str(found, "id")
               ?? throw CkanActionException.Validation(field, kind switch { "dataset" => "Not found: Dataset", "user" => "Not found: User", _ => "Not found: Group" });
    }

    private static JsonNode Follow(ActionContext ctx, string kind)
    {
        if (ctx.Caller is null)
            throw CkanActionException.NotAuthorized(ctx.Is211() ? $"Access denied: You must be logged in to follow {Words[kind].Plural}" : $"Access denied: You must be logged in to follow {Words[kind].Follow210}");
        string objectId;
        try { objectId = Object(ctx, kind, "id"); }
        catch (CkanActionException) when (ctx.Is211())
        {
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"Error validating the schema of the {(kind == "dataset" ? "dataset" : kind)} to follow." });
        }
        var me = ctx.CallerId!;
        if (kind == "user" && objectId == me) throw CkanActionException.Validation(new JsonObject { ["message"] = "You cannot follow yourself" });
        if (Rows(ctx, kind, objectId, me).FirstOrDefault() is { } existing)
        {
            if (ctx.Is211()) return Row(existing);
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"You are already following {DisplayName(ctx, kind, objectId)}" });
        }
        var row = new JsonObject { ["kind"] = kind, ["follower_id"] = me, ["object_id"] = objectId, ["datetime"] = ctx.Store.Now() };
        ctx.Store.Portal.Followers.Add(row);
        return Row(row);
    }

    private static JsonNode? Unfollow(ActionContext ctx, string kind)
    {
        if (ctx.Caller is null)
            throw CkanActionException.NotAuthorized(ctx.Is211() ? $"Access denied: You must be logged in to unfollow {Words[kind].Plural}" : "Access denied: You must be logged in to unfollow something.");
        string objectId;
        try { objectId = Object(ctx, kind, "id"); }
        catch (CkanActionException) when (ctx.Is211())
        {
            throw CkanActionException.Validation(new JsonObject { ["message"] = "Error validating the schema of the object to unfollow." });
        }
        var row = Rows(ctx, kind, objectId, ctx.CallerId).FirstOrDefault();
        if (row is null)
        {
            if (ctx.Is211()) return null;
            throw CkanActionException.NotFound($"Not found: You are not following {ctx.Str("id")}.");
        }
        ctx.Store.Portal.Followers.Remove(row);
        return null;
    }

    /// <summary>The followers as user_list_dictize gives them: public user dicts, by name.</summary>
    private static JsonNode FollowerList(ActionContext ctx, string kind)
    {
        if (!ctx.IsSysadmin) throw CkanActionException.NotAuthorized("Access denied: Not authorized");
        var objectId = Object(ctx, kind, "id");
        return Users(ctx, Rows(ctx, kind, objectId, null).Select(f => FakeCkanStore.Str(f, "follower_id")));
    }

    public static JsonArray Users(ActionContext ctx, IEnumerable<string?> ids) => new(UserDicts(ctx, ids).Select(u => (JsonNode)u).ToArray());

    /// <summary>The users' public dicts by name, each a node of its own (a list puts them in an array, followee_list in rows).</summary>
    public static IEnumerable<JsonObject> UserDicts(ActionContext ctx, IEnumerable<string?> ids) =>
        ids.Select(id => ctx.Store.FindUser(id ?? "")).OfType<JsonObject>()
            .OrderBy(u => FakeCkanStore.Str(u, "name"), StringComparer.Ordinal)
            .Select(u => Render.PublicUser(ctx, u));

    private static JsonNode AmFollowing(ActionContext ctx, string kind)
    {
        var objectId = Object(ctx, kind, "id");
        if (ctx.Caller is null) throw CkanActionException.NotAuthorized();
        return Rows(ctx, kind, objectId, ctx.CallerId).Any();
    }

    private static JsonObject Row(JsonObject row) => new()
    {
        ["follower_id"] = row["follower_id"]?.DeepClone(),
        ["object_id"] = row["object_id"]?.DeepClone(),
        ["datetime"] = row["datetime"]?.DeepClone(),
    };

    /// <summary>What "already following" names: a dataset's title (or name), a group's or user's display name.</summary>
    private static string? DisplayName(ActionContext ctx, string kind, string id)
    {
        var o = kind switch { "dataset" => ctx.Store.FindDataset(id), "user" => ctx.Store.FindUser(id), _ => ctx.Store.FindGroupAnyType(id) };
        var preferred = kind switch { "user" => FakeCkanStore.Str(o, "fullname"), _ => FakeCkanStore.Str(o, "title") };
        return string.IsNullOrEmpty(preferred) ? FakeCkanStore.Str(o, "name") : preferred;
    }
}
