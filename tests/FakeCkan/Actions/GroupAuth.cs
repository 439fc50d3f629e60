using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Who may put a dataset in a group (CKAN's auth _check_group_auth, for package_create and
/// package_update): a sysadmin anywhere; anyone else only in groups they are a member of, in any
/// capacity (admin, editor and member all have manage_group), the dataset's existing groups aside.
/// A group the site does not have is a 404 "Group was not found." for them (a sysadmin's create
/// just skips it), one they are no member of a 403 "not authorized to edit these groups".
/// </summary>
internal static class GroupAuth
{
    public static readonly string[] ManageGroupRoles = ["admin", "editor", "member"];

    public static void Check(ActionContext ctx, JsonNode? groups, JsonObject? existing)
    {
        if (ctx.IsSysadmin || groups is not JsonArray listed) return;
        var already = (existing?["groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => FakeCkanStore.Str(g, "id")).ToHashSet();
        foreach (var entry in listed.OfType<JsonObject>())
        {
            var key = FakeCkanStore.Str(entry, "id") ?? FakeCkanStore.Str(entry, "name");
            if (string.IsNullOrEmpty(key)) continue;
            var group = ctx.Store.FindGroup(key, organization: false) ?? throw CkanActionException.NotFound("Not found: Group was not found.");
            if (already.Contains(FakeCkanStore.Str(group, "id")) || IsMember(group, ctx.CallerId)) continue;
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit these groups");
        }
    }

    public static bool IsMember(JsonObject group, string? userId) =>
        userId is not null && (group["members"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(m => FakeCkanStore.Str(m, "user_id") == userId && ManageGroupRoles.Contains(FakeCkanStore.Str(m, "capacity")));
}
