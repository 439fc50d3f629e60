using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// organization_* and group_* writes with CKAN's traps: update drops omitted members, patch keeps
/// them, the creator becomes admin, deleted groups keep their names, ≤2.10 accepts any id from
/// anyone, 2.11 only a UUID from a sysadmin (<see cref="IdRules"/>).
/// </summary>
internal static class GroupWriteActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        foreach (var organization in new[] { true, false })
        {
            var prefix = organization ? "organization" : "group";
            actions[$"{prefix}_create"] = new(ctx => Create(ctx, organization), false);
            actions[$"{prefix}_update"] = new(ctx => Update(ctx, ctx.Params, organization, patch: false), false);
            actions[$"{prefix}_patch"] = new(ctx => Update(ctx, ctx.Params, organization, patch: true), false, new Version(2, 3));
            actions[$"{prefix}_delete"] = new(ctx => Delete(ctx, organization), false);
            actions[$"{prefix}_purge"] = new(ctx => Purge(ctx, organization), false);
            actions[$"{prefix}_member_create"] = new(ctx => MemberCreate(ctx, organization), false);
            actions[$"{prefix}_member_delete"] = new(ctx => MemberDelete(ctx, organization), false);
        }
    }

    private static JsonNode Create(ActionContext ctx, bool organization)
    {
        ctx.RequireUser(organization ? "create organizations" : "create groups");
        Uploads.CheckImage(ctx);
        var input = ctx.Params;
        var errors = new Validation.Errors();
        var name = FakeCkanStore.Str(input, "name");
        Validation.Name(errors, name);
        // Deleted organizations and groups keep their names, in every version.
        if (name is not null && !errors.Any && ctx.Store.Groups.Values.Any(g => FakeCkanStore.Str(g, "name") == name && FakeCkanStore.Str(g, "id") != FakeCkanStore.Str(input, "id")))
            errors.Add("name", "Group name already exists in database");
        var id = FakeCkanStore.Str(input, "id");
        if (ctx.AtLeast(2, 11))
        {
            if (IdRules.Refusal(ctx, input["id"]) is { } refused) errors.Add("id", refused);
            else if (!string.IsNullOrEmpty(id) && ctx.Store.Groups.ContainsKey(id)) errors.Add("id", "Id already exists");
        }
        if (IdRules.ExtraErrors(ctx, input["extras"]) is { } extraErrors) errors.Set("extras", extraErrors);
        errors.ThrowIfAny();
        // no_loops_in_hierarchy looks the group up by the id it is given and asserts it exists: a create
        // that carries an id and a parent is an AssertionError, HTTP 500, in 2.10 and 2.11 (parent there or not).
        if (!string.IsNullOrEmpty(id) && input["groups"] is JsonArray { Count: > 0 } && !ctx.Store.Groups.ContainsKey(id)) throw CkanActionException.Internal();
        // ≤2.10: an existing id is silently updated in place (table_dict_save).
        var g = !string.IsNullOrEmpty(id) && ctx.Store.Groups.TryGetValue(id, out var same) ? same : new JsonObject();
        g["id"] = string.IsNullOrEmpty(id) ? Guid.NewGuid().ToString() : id;
        g["created"] ??= ctx.Store.Now();
        g["is_organization"] = organization;
        g["type"] = organization ? "organization" : FakeCkanStore.Str(input, "type") ?? "group";
        g["approval_status"] = "approved";
        Apply(ctx, g, input, patch: false);
        g["state"] = ctx.IsSysadmin && FakeCkanStore.Str(input, "state") is { Length: > 0 } s ? s : "active";
        // The creator always becomes an admin of what they create.
        var members = (JsonArray)g["members"]!;
        if (ctx.CallerId is { } me)
        {
            members.OfType<JsonObject>().FirstOrDefault(m => FakeCkanStore.Str(m, "user_id") == me)?.Let(m => members.Remove(m));
            members.Insert(0, new JsonObject { ["user_id"] = me, ["capacity"] = "admin" });
        }
        ctx.Store.Groups[FakeCkanStore.Str(g, "id")!] = g;
        return Render.Group(ctx, g, includeUsers: true, includeExtras: true);
    }

    private static JsonNode Update(ActionContext ctx, JsonObject input, bool organization, bool patch)
    {
        var key = FakeCkanStore.Str(input, "id") ?? FakeCkanStore.Str(input, "name") ?? "";
        var g = ctx.Store.FindGroup(key, organization) ?? throw CkanActionException.NotFound(patch ? "Not found" : "Not found: Group was not found.");
        Uploads.CheckImage(ctx);
        if (!ctx.IsSysadmin && !IsAdmin(g, ctx.CallerId))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit group {FakeCkanStore.Str(g, "id")}");
        var errors = new Validation.Errors();
        var name = FakeCkanStore.Str(input, "name") ?? FakeCkanStore.Str(g, "name");
        Validation.Name(errors, name);
        if (!errors.Any && ctx.Store.Groups.Values.Any(x => x != g && FakeCkanStore.Str(x, "name") == name))
            errors.Add("name", "Group name already exists in database");
        if (ctx.AtLeast(2, 10) && input["type"] is not null && FakeCkanStore.Str(input, "type") != FakeCkanStore.Str(g, "type"))
            errors.Set("message", "Type cannot be updated");
        ParentsMustExist(ctx, g, input, errors);
        if (IdRules.ExtraErrors(ctx, input["extras"]) is { } extraErrors) errors.Set("extras", extraErrors);
        errors.ThrowIfAny();
        Apply(ctx, g, input, patch);
        if (ctx.IsSysadmin && FakeCkanStore.Str(input, "state") is { Length: > 0 } state) g["state"] = state;
        // The update actions answer with group_dictize: datasets included, no follower count (and,
        // as recorded on 2.10 and 2.11, the dataset count).
        var shown = Render.Group(ctx, g, includeUsers: true, includeExtras: true);
        shown.Remove("num_followers");
        if (!ctx.AtLeast(2, 10)) shown.Remove("package_count");
        shown["packages"] = GroupReadActions.Datasets(ctx, g, organization, full: true);
        return shown;
    }

    /// <summary>Writes the editable fields. A full update clears omitted text and members; patch keeps them.</summary>
    private static void Apply(ActionContext ctx, JsonObject g, JsonObject input, bool patch)
    {
        foreach (var field in new[] { "name", "title", "description", "image_url" })
        {
            if (input.ContainsKey(field)) g[field] = input[field]?.DeepClone() ?? "";
            else if (!patch || g[field] is null) g[field] = field == "name" ? g[field]?.DeepClone() : g[field]?.DeepClone() ?? "";
        }
        if (input["approval_status"] is { } approval) g["approval_status"] = approval.DeepClone();
        Uploads.ApplyImage(ctx, g);

        // ckanext-datagovuk's scheming organization schema keeps its fields at the top level; stock CKAN drops unknown keys.
        if (ctx.Options.DataGovUkPlugin && FakeCkanStore.IsOrg(g))
            foreach (var (key, value) in input)
                if (!NotSchemaFields.Contains(key)) g[key] = value?.DeepClone();

        // The groups a group lists (the hierarchy): group_member_save keeps them as member rows of this group and
        // group_dictize returns the same list; unknown ones are silently skipped.
        if (input["groups"] is JsonArray listed)
            g["member_groups"] = new JsonArray(listed.OfType<JsonObject>()
                .Select(p => ctx.Store.FindGroup(FakeCkanStore.Str(p, "name") ?? FakeCkanStore.Str(p, "id") ?? "", FakeCkanStore.IsOrg(g)))
                .Where(p => p is not null && p != g)
                .Select(p => (JsonNode)JsonValue.Create(FakeCkanStore.Str(p, "id"))!).ToArray());
        else if (!patch) g["member_groups"] = new JsonArray();

        // Extras: 2.8+ replaces them only when a non-empty list is sent; ≤2.7 an update without them deletes them.
        var extras = input["extras"] as JsonArray;
        if (extras is { Count: > 0 })
            g["extras"] = new JsonArray(extras.OfType<JsonObject>().Where(e => e["value"] is not null)
                .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]!.ToString() }).ToArray());
        else if (g["extras"] is null || (!patch && !ctx.AtLeast(2, 8)))
            g["extras"] = new JsonArray();

        // Members: the users list replaces all members; omitted on a full update, every member goes.
        if (input["users"] is JsonArray users)
        {
            var members = new JsonArray();
            foreach (var u in users.OfType<JsonObject>())
            {
                var user = ctx.Store.FindUser(FakeCkanStore.Str(u, "name") ?? FakeCkanStore.Str(u, "id") ?? "");
                if (user is null) continue; // unknown users are silently skipped
                if (members.OfType<JsonObject>().Any(m => FakeCkanStore.Str(m, "user_id") == FakeCkanStore.Str(user, "id"))) continue;
                members.Add(new JsonObject { ["user_id"] = user["id"]!.DeepClone(), ["capacity"] = FakeCkanStore.Str(u, "capacity") ?? "public" });
            }
            g["members"] = members;
        }
        else if (!patch || g["members"] is null)
        {
            g["members"] = new JsonArray();
        }
    }

    /// <summary>
    /// An update of an existing group checks each parent it lists (no_loops_in_hierarchy): one the site
    /// does not have (or the group itself) is "a loop", and the whole write is refused.
    /// </summary>
    private static void ParentsMustExist(ActionContext ctx, JsonObject g, JsonObject input, Validation.Errors errors)
    {
        if (input["groups"] is not JsonArray { Count: > 0 } parents) return;
        var items = parents.Select(p => FakeCkanStore.Str(p as JsonObject, "name") is { Length: > 0 } parent
                && (ctx.Store.FindGroup(parent, FakeCkanStore.IsOrg(g)) is not { } found || found == g)
            ? (JsonNode)new JsonObject { ["name"] = new JsonArray("This parent would create a loop in the hierarchy") }
            : new JsonObject()).ToArray();
        if (items.Any(i => ((JsonObject)i).Count > 0)) errors.Set("groups", new JsonArray(items));
    }

    /// <summary>Keys the group machinery handles itself (or computes): never stored as scheming fields.</summary>
    private static readonly HashSet<string> NotSchemaFields = new(StringComparer.Ordinal)
    {
        "id", "name", "title", "description", "image_url", "approval_status", "extras", "users", "groups", "tags", "state", "type",
        "created", "display_name", "image_display_url", "package_count", "num_followers", "member_count", "packages", "is_organization",
        "revision_id", "members", "member_groups",
    };

    private static bool IsAdmin(JsonObject g, string? userId) =>
        userId is not null && (g["members"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(m => FakeCkanStore.Str(m, "user_id") == userId && FakeCkanStore.Str(m, "capacity") == "admin");

    private static JsonNode? Delete(ActionContext ctx, bool organization)
    {
        var g = ctx.Store.FindGroup(ctx.RequireId(), organization) ?? throw CkanActionException.NotFound("Not found: Group was not found.");
        if (!ctx.IsSysadmin && !IsAdmin(g, ctx.CallerId)) throw CkanActionException.NotAuthorized();
        var gid = FakeCkanStore.Str(g, "id");
        if (organization && ctx.AtLeast(2, 5, 1) && ctx.Store.Datasets.Values.Any(d => FakeCkanStore.Str(d, "owner_org") == gid && FakeCkanStore.Str(d, "state") != "deleted"))
            throw CkanActionException.Validation(new JsonObject { ["message"] = "Organization cannot be deleted while it still has datasets" });
        g["state"] = "deleted";
        return null;
    }

    private static JsonNode? Purge(ActionContext ctx, bool organization)
    {
        ctx.RequireSysadmin();
        var g = ctx.Store.FindGroup(ctx.RequireId(), organization) ?? throw CkanActionException.NotFound("Not found: Group was not found");
        ctx.Store.Groups.Remove(FakeCkanStore.Str(g, "id")!);
        return null;
    }

    private static JsonNode MemberCreate(ActionContext ctx, bool organization)
    {
        var g = ctx.Store.FindGroup(ctx.RequireId(), organization) ?? throw CkanActionException.NotFound("Not found: Group was not found.");
        if (!ctx.IsSysadmin && !IsAdmin(g, ctx.CallerId)) throw CkanActionException.NotAuthorized();
        var user = ctx.Store.FindUser(ctx.Str("username") ?? "");
        if (user is null) throw CkanActionException.Validation("username", "Not found: User");
        var role = ctx.Str("role") ?? "member";
        var members = (JsonArray)(g["members"] ??= new JsonArray());
        var row = members.OfType<JsonObject>().FirstOrDefault(m => FakeCkanStore.Str(m, "user_id") == FakeCkanStore.Str(user, "id"));
        if (row is null) members.Add(row = new JsonObject { ["user_id"] = user["id"]!.DeepClone() });
        row["capacity"] = role;
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["table_name"] = "user",
            ["table_id"] = user["id"]!.DeepClone(),
            ["capacity"] = role,
            ["group_id"] = g["id"]!.DeepClone(),
            ["state"] = "active",
        };
    }

    private static JsonNode? MemberDelete(ActionContext ctx, bool organization)
    {
        var g = ctx.Store.FindGroup(ctx.RequireId(), organization) ?? throw CkanActionException.NotFound("Not found: Group was not found.");
        if (!ctx.IsSysadmin && !IsAdmin(g, ctx.CallerId)) throw CkanActionException.NotAuthorized();
        var user = ctx.Store.FindUser(ctx.Str("username") ?? ctx.Str("user_id") ?? "") ?? throw CkanActionException.NotFound("Not found: User");
        var members = g["members"] as JsonArray ?? [];
        var row = members.OfType<JsonObject>().FirstOrDefault(m => FakeCkanStore.Str(m, "user_id") == FakeCkanStore.Str(user, "id"));
        if (row is not null) members.Remove(row);
        return null;
    }

    private static void Let<T>(this T value, Action<T> action) => action(value);
}
