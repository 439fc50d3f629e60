using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Organization and group hierarchy in stock CKAN (no hierarchy plugin), as recorded on 2.10 and
/// 2.11, beyond what GroupWriteActions checks (the 500 for a create with an id and a parent, a
/// missing parent on update): a parent entry needs a name, and on update a parent must be an
/// active group of the same type that is neither the group nor below it (no_loops_in_hierarchy's
/// allowable parents). Show and create answer the parents through the show schema, as
/// {capacity, name}; the parent does not list its children.
/// </summary>
internal static class HierarchyActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        foreach (var kind in new[] { "organization", "group" })
        {
            var organization = kind == "organization";
            ActionWrapping.Around(actions, $"{kind}_create", (ctx, inner) =>
            {
                RequireNames(Entries(ctx));
                return ShowForm(inner(ctx));
            });
            foreach (var verb in new[] { "update", "patch" })
                ActionWrapping.Around(actions, $"{kind}_{verb}", (ctx, inner) =>
                {
                    CheckUpdate(ctx, organization);
                    return inner(ctx);
                });
            ActionWrapping.Around(actions, $"{kind}_show", (ctx, inner) => ShowForm(inner(ctx)));
        }
    }

    /// <summary>The parents named in the request (entries with a name; the rest fail not_empty).</summary>
    private static List<JsonObject?> Entries(ActionContext ctx) => (ctx.Params["groups"] as JsonArray ?? []).Select(n => n as JsonObject).ToList();

    private static void CheckUpdate(ActionContext ctx, bool organization)
    {
        var entries = Entries(ctx);
        RequireNames(entries);
        if (entries.Count == 0) return;
        var group = ctx.Store.FindGroup(ctx.Str("id") ?? ctx.Str("name") ?? "", organization);
        if (group is null) return; // the update itself answers 404
        var excluded = Descendants(ctx, FakeCkanStore.Str(group, "id")!);
        excluded.Add(FakeCkanStore.Str(group, "id")!);
        var items = new JsonArray();
        var any = false;
        foreach (var entry in entries)
        {
            var parent = ctx.Store.FindGroupAnyType(FakeCkanStore.Str(entry, "name")!);
            var allowed = parent is not null && FakeCkanStore.Str(parent, "state") == "active" && FakeCkanStore.Str(parent, "type") == FakeCkanStore.Str(group, "type")
                          && !excluded.Contains(FakeCkanStore.Str(parent, "id")!);
            any |= !allowed;
            items.Add(allowed ? new JsonObject() : new JsonObject { ["name"] = new JsonArray("This parent would create a loop in the hierarchy") });
        }
        if (any) throw CkanActionException.Validation(new JsonObject { ["groups"] = items });
    }

    /// <summary>The groups schema's name is not_empty.</summary>
    private static void RequireNames(List<JsonObject?> entries)
    {
        if (entries.All(e => !string.IsNullOrEmpty(FakeCkanStore.Str(e, "name")))) return;
        var items = new JsonArray(entries.Select(e => (JsonNode)(string.IsNullOrEmpty(FakeCkanStore.Str(e, "name"))
            ? new JsonObject { ["name"] = new JsonArray("Missing value") }
            : new JsonObject())).ToArray());
        throw CkanActionException.Validation(new JsonObject { ["groups"] = items });
    }

    /// <summary>Every group below this one (its children, theirs, ...).</summary>
    private static HashSet<string> Descendants(ActionContext ctx, string id)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([id]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var child in ctx.Store.Groups.Values.Where(g => (g["member_groups"] as JsonArray ?? []).Any(p => p?.ToString() == current)))
                if (found.Add(FakeCkanStore.Str(child, "id")!)) queue.Enqueue(FakeCkanStore.Str(child, "id")!);
        }
        return found;
    }

    /// <summary>The show schema keeps only capacity and name of each parent.</summary>
    private static JsonNode? ShowForm(JsonNode? shown)
    {
        if (shown is JsonObject o && o["groups"] is JsonArray parents)
            o["groups"] = new JsonArray(parents.OfType<JsonObject>()
                .Select(p => (JsonNode)new JsonObject { ["capacity"] = p["capacity"]?.DeepClone(), ["name"] = p["name"]?.DeepClone() }).ToArray());
        return shown;
    }
}
