using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// bulk_update_private / _public / _delete as recorded on CKAN 2.10: dataset ids (names change
/// nothing), the organization by id, an organization admin or sysadmin, result null, and
/// metadata_modified left alone.
/// </summary>
internal static class BulkActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["bulk_update_private"] = new(ctx => Apply(ctx, d => d["private"] = true), false, new Version(2, 3));
        actions["bulk_update_public"] = new(ctx => Apply(ctx, d => d["private"] = false), false, new Version(2, 3));
        actions["bulk_update_delete"] = new(ctx => Apply(ctx, d => d["state"] = "deleted"), false, new Version(2, 3));
    }

    private static JsonNode? Apply(ActionContext ctx, Action<JsonObject> change)
    {
        var orgId = ctx.RequireId("org_id", "org_id");
        var org = ctx.Store.Groups.TryGetValue(orgId, out var g) && FakeCkanStore.IsOrg(g) ? g : null;
        var isAdmin = org is not null && (org["members"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(m => FakeCkanStore.Str(m, "user_id") == ctx.CallerId && FakeCkanStore.Str(m, "capacity") == "admin");
        if (!ctx.IsSysadmin && !isAdmin) throw CkanActionException.NotAuthorized("Access denied");
        foreach (var id in (ctx.Params["datasets"] as JsonArray ?? []).Select(n => n?.ToString() ?? ""))
            if (ctx.Store.Datasets.TryGetValue(id, out var d) && FakeCkanStore.Str(d, "owner_org") == orgId)
            {
                change(d); // by id only, within the organization; metadata_modified untouched
                ctx.Store.Reindex(id); // CKAN reindexes the changed datasets
            }
        return null;
    }
}
