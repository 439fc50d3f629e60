using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>organization_list/group_list (with 2.9-era silent caps), *_show and member_list.</summary>
internal static class GroupReadActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["organization_list"] = new(ctx => List(ctx, organization: true), true);
        actions["group_list"] = new(ctx => List(ctx, organization: false), true);
        actions["organization_show"] = new(ctx => Show(ctx, organization: true), true);
        actions["group_show"] = new(ctx => Show(ctx, organization: false), true);
        actions["member_list"] = new(MemberList, true);
        actions["organization_list_for_user"] = new(OrganizationListForUser, true);
        actions["group_list_authz"] = new(GroupListAuthz, true);
    }

    /// <summary>The groups (not organizations) the caller may put datasets in: all for a sysadmin (unless am_member), else those they are a member of.</summary>
    private static JsonNode GroupListAuthz(ActionContext ctx)
    {
        if (ctx.CallerId is not { } me) return new JsonArray();
        var mine = !ctx.IsSysadmin || ctx.Bool("am_member", false);
        return new JsonArray(ctx.Store.Groups.Values
            .Where(g => !FakeCkanStore.IsOrg(g) && FakeCkanStore.Str(g, "state") == "active" && (!mine || GroupAuth.IsMember(g, me)))
            .OrderBy(g => string.IsNullOrEmpty(FakeCkanStore.Str(g, "title")) ? FakeCkanStore.Str(g, "name") : FakeCkanStore.Str(g, "title"), StringComparer.Ordinal)
            .Select(g =>
            {
                var row = Render.OrganizationSummary(g);
                row["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(g, "title")) ? g["name"]?.DeepClone() : g["title"]?.DeepClone();
                return (JsonNode)row;
            }).ToArray());
    }

    private static JsonNode List(ActionContext ctx, bool organization)
    {
        var allFields = ctx.Bool("all_fields", false);
        var groups = ctx.Store.Groups.Values
            .Where(g => FakeCkanStore.IsOrg(g) == organization && FakeCkanStore.Str(g, "state") == "active");
        if (ctx.Str("q") is { Length: > 0 } q)
            groups = groups.Where(g => (FakeCkanStore.Str(g, "name") + " " + FakeCkanStore.Str(g, "title") + " " + FakeCkanStore.Str(g, "description"))
                .Contains(q, StringComparison.OrdinalIgnoreCase));

        var sort = (ctx.Str("sort") ?? (ctx.AtLeast(2, 7) ? "title" : "name")).Trim();
        var parts = sort.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var field = parts[0] is "title" or "name" ? parts[0] : "title";
        var descending = parts.Length > 1 && parts[1] == "desc";
        var ordered = (descending
                ? groups.OrderByDescending(g => FakeCkanStore.Str(g, field) ?? "", StringComparer.Ordinal)
                : groups.OrderBy(g => FakeCkanStore.Str(g, field) ?? "", StringComparer.Ordinal))
            .ThenBy(g => FakeCkanStore.Str(g, "name"), StringComparer.Ordinal)
            .AsEnumerable();

        if (ctx.AtLeast(2, 5))
        {
            var limit = ctx.Natural("limit");
            var offset = ctx.Natural("offset") ?? 0;
            // 2.7.10+/2.8.7+/2.9+: the maximum applies even without a limit; limit=0 skips it (a quirk).
            var capped = ctx.AtLeast(2, 9);
            var max = allFields ? ctx.Options.GroupListAllFieldsMax : ctx.Options.GroupListMax;
            if (limit == 0) { }
            else if (capped) ordered = ordered.Skip(offset).Take(Math.Min(limit ?? max, max));
            else if (limit is { } l) ordered = ordered.Skip(offset).Take(l);
            else ordered = ordered.Skip(offset);
        }

        return new JsonArray(ordered.Select(g => allFields
            ? (JsonNode)Render.Group(ctx, g, includeUsers: ctx.Bool("include_users", false), includeExtras: ctx.Bool("include_extras", false), listRow: true, includeGroups: ctx.Bool("include_groups", false))
            : FakeCkanStore.Str(g, "name")).ToArray());
    }

    private static JsonNode Show(ActionContext ctx, bool organization)
    {
        var id = ctx.RequireId();
        var g = ctx.Store.FindGroup(id, organization) ?? throw CkanActionException.NotFound();
        if (FakeCkanStore.Str(g, "state") == "deleted" && !ctx.IsSysadmin)
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read group {FakeCkanStore.Str(g, "id")}");
        var shown = Render.Group(ctx, g, ctx.Bool("include_users", true), ctx.Bool("include_extras", true));
        // 2.2–2.3 include datasets by default (up to 1000); 2.4+ only on request; 2.9+ only the first 10.
        if (ctx.Bool("include_datasets", !ctx.AtLeast(2, 4)))
            shown["packages"] = Datasets(ctx, g, organization, full: false);
        return shown;
    }

    /// <summary>
    /// The first datasets of a group or organization (10 from 2.9, else 1000), newest first; private
    /// ones only for an organization seen by a sysadmin, never for a group (a search without include_private).
    /// </summary>
    internal static JsonArray Datasets(ActionContext ctx, JsonObject g, bool organization, bool full)
    {
        var gid = FakeCkanStore.Str(g, "id");
        var max = ctx.AtLeast(2, 9) ? 10 : 1000;
        var datasets = ctx.Store.Datasets.Values
            .Where(d => FakeCkanStore.Str(d, "state") == "active" && (d["private"]?.GetValue<bool>() != true || (organization && ctx.IsSysadmin)))
            .Where(d => organization
                ? FakeCkanStore.Str(d, "owner_org") == gid
                : (d["groups"] as JsonArray ?? []).OfType<JsonObject>().Any(x => FakeCkanStore.Str(x, "id") == gid || FakeCkanStore.Str(x, "name") == FakeCkanStore.Str(g, "name")))
            .OrderByDescending(d => FakeCkanStore.Str(d, "metadata_modified"), StringComparer.Ordinal)
            .Take(max)
            .Select(d => (JsonNode)(full ? Render.Dataset(ctx, d) : Render.DatasetSummary(ctx, d)));
        return new JsonArray(datasets.ToArray());
    }

    /// <summary>Organizations where a user holds a role (default permission manage_group: admins and editors); a sysadmin gets all as admin.</summary>
    private static JsonNode OrganizationListForUser(ActionContext ctx)
    {
        var user = ctx.Str("id") is { Length: > 0 } id ? ctx.Store.FindUser(id) ?? throw CkanActionException.NotFound("Not found: User not found") : ctx.Caller;
        if (user is null) return new JsonArray();
        var permission = ctx.Str("permission") ?? "manage_group";
        var sysadmin = user["sysadmin"]?.GetValue<bool>() == true;
        var rows = new JsonArray();
        // group_list_dictize sorts by display_name (strxfrm; the recording site's collation compared bytes).
        foreach (var g in ctx.Store.Groups.Values.Where(g => FakeCkanStore.IsOrg(g) && FakeCkanStore.Str(g, "state") == "active")
                     .OrderBy(g => string.IsNullOrEmpty(FakeCkanStore.Str(g, "title")) ? FakeCkanStore.Str(g, "name") : FakeCkanStore.Str(g, "title"), StringComparer.Ordinal))
        {
            var capacity = sysadmin ? "admin" : (g["members"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(m => FakeCkanStore.Str(m, "user_id") == FakeCkanStore.Str(user, "id")) is { } m ? FakeCkanStore.Str(m, "capacity") : null;
            if (capacity is null) continue;
            // "read" is a permission of the three roles only: a capacity no role has (a stored "owner") gives none.
            var allowed = permission is "read" ? capacity is "admin" or "editor" or "member" : permission is "manage_group" ? capacity is "admin" or "editor" : capacity == "admin" || capacity == "editor";
            if (!allowed) continue;
            var row = Render.OrganizationSummary(g);
            row["capacity"] = capacity;
            row["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(g, "title")) ? g["name"]?.DeepClone() : g["title"]?.DeepClone();
            row["image_display_url"] = g["image_url"]?.DeepClone();
            rows.Add(row);
        }
        return rows;
    }

    private static JsonNode MemberList(ActionContext ctx)
    {
        var id = ctx.RequireId();
        var g = ctx.Store.FindGroupAnyType(id) ?? throw CkanActionException.NotFound("Not found: Group was not found.");
        var objectType = ctx.Str("object_type");
        var rows = new JsonArray();
        if (objectType is null or "package")
        {
            var gid = FakeCkanStore.Str(g, "id");
            IEnumerable<JsonObject> datasets = FakeCkanStore.IsOrg(g)
                ? ctx.Store.Counts.OwnedBy(ctx.Store, gid)
                : ctx.Store.Datasets.Values.Where(d => FakeCkanStore.Str(d, "state") != "deleted" && (d["groups"] as JsonArray ?? []).OfType<JsonObject>()
                        .Any(x => FakeCkanStore.Str(x, "id") == gid || FakeCkanStore.Str(x, "name") == FakeCkanStore.Str(g, "name")))
                    .OrderBy(d => FakeCkanStore.Str(d, "metadata_created"), StringComparer.Ordinal);
            foreach (var d in datasets) // oldest first
                rows.Add(new JsonArray(d["id"]!.DeepClone(), "package", FakeCkanStore.IsOrg(g) ? "organization" : "public"));
        }
        if (objectType is null or "user")
        {
            foreach (var m in (g["members"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var capacity = FakeCkanStore.Str(m, "capacity") ?? "member";
                // CKAN translates roles for display: "Admin", "Editor", "Member".
                var shown = capacity.Length > 0 ? char.ToUpperInvariant(capacity[0]) + capacity[1..] : capacity;
                rows.Add(new JsonArray(m["user_id"]!.DeepClone(), "user", shown));
            }
        }
        return rows;
    }
}
