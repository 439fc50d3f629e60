using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>user_list (no paging in any version) and user_show.</summary>
internal static class UserReadActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["user_list"] = new(UserList, true);
        actions["user_show"] = new(UserShow, true);
    }

    private static JsonNode UserList(ActionContext ctx)
    {
        // all_fields exists from 2.7 (default true); before, the list is always of dicts.
        var allFields = !ctx.AtLeast(2, 7) || ctx.Bool("all_fields", true);
        var users = ctx.Store.Users.Values.Where(u => FakeCkanStore.Str(u, "state") != "deleted");
        if (ctx.Str("q") is { Length: > 0 } q)
            users = users.Where(u => (FakeCkanStore.Str(u, "name") + " " + FakeCkanStore.Str(u, "fullname")).Contains(q, StringComparison.OrdinalIgnoreCase));
        var ordered = users.OrderBy(u => FakeCkanStore.Str(u, "fullname") ?? FakeCkanStore.Str(u, "name"), StringComparer.Ordinal);
        return new JsonArray(ordered.Select(u => allFields ? (JsonNode)Render.User(ctx, u, false) : FakeCkanStore.Str(u, "name")).ToArray());
    }

    private static JsonNode UserShow(ActionContext ctx)
    {
        var id = ctx.Str("id");
        JsonObject? user;
        if (string.IsNullOrEmpty(id))
        {
            if (!ctx.AtLeast(2, 10)) throw CkanActionException.NotFound("Not found: User not found");
            user = ctx.Caller ?? throw CkanActionException.NotFound(); // recorded on 2.10 and 2.11: plain "Not found"
        }
        else
        {
            user = ctx.Store.FindUser(id) ?? throw CkanActionException.NotFound();
        }
        if (FakeCkanStore.Str(user, "state") == "deleted" && !ctx.IsSysadmin)
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read user {FakeCkanStore.Str(user, "id")}");
        var shown = Render.User(ctx, user, ctx.Bool("include_password_hash", false));
        // user_show counts the user's private and draft datasets too when a sysadmin or the user asks (recorded on 2.10 and 2.11).
        if (ctx.AtLeast(2, 10) && (ctx.IsSysadmin || ctx.CallerId == FakeCkanStore.Str(user, "id")))
            shown["number_created_packages"] = ctx.Store.Datasets.Values.Count(d => FakeCkanStore.Str(d, "creator_user_id") == FakeCkanStore.Str(user, "id") && FakeCkanStore.Str(d, "state") != "deleted");
        if (ctx.Legacy)
        {
            // 2.2's user_show always carries the activity stream and the user's datasets.
            shown["activity"] = new JsonArray();
            shown["datasets"] = new JsonArray();
        }
        return shown;
    }
}
