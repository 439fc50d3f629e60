using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Dataset collaborators (package_collaborator_create/delete/list/list_for_user) as CKAN 2.10 / 2.11
/// answer them: capacities member and editor (admin too with allow_admin_collaborators), create
/// again to change a capacity, managed by sysadmins and the organization's admins. The auth
/// functions assert a user and a dataset, so an anonymous call (or an unknown dataset) is a 500.
/// The list shows <c>modified</c> as str(datetime) (a space), create and list_for_user as isoformat.
/// </summary>
internal static class CollaboratorActions
{
    private static readonly Version Since = new(2, 9);

    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["package_collaborator_create"] = new(Create, false, Since);
        actions["package_collaborator_delete"] = new(Delete, false, Since);
        actions["package_collaborator_list"] = new(List, true, Since);
        actions["package_collaborator_list_for_user"] = new(ListForUser, true, Since);
    }

    private static string Capacities(ActionContext ctx) => ctx.Options.AllowAdminCollaborators ? "admin, editor, member" : "editor, member";

    private static bool Allowed(ActionContext ctx, string? capacity) =>
        capacity is "editor" or "member" || (capacity == "admin" && ctx.Options.AllowAdminCollaborators);

    private static JsonNode Create(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id", "user_id", "capacity");
        var capacity = ctx.Str("capacity");
        if (!Allowed(ctx, capacity))
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"Role must be one of \"{Capacities(ctx)}\"" });
        var dataset = Managed(ctx, "add collaborators to this dataset");
        var user = ctx.Store.FindUser(ctx.Str("user_id")!) ?? throw CkanActionException.NotFound("Not found: User not found");
        NotDisabled(ctx);
        var rows = ctx.Store.Portal.Collaborators;
        var row = rows.FirstOrDefault(c => FakeCkanStore.Str(c, "package_id") == FakeCkanStore.Str(dataset, "id") && FakeCkanStore.Str(c, "user_id") == FakeCkanStore.Str(user, "id"));
        if (row is null) rows.Add(row = new JsonObject { ["package_id"] = dataset["id"]!.DeepClone(), ["user_id"] = user["id"]!.DeepClone() });
        row["capacity"] = capacity;
        row["modified"] = ctx.Store.Now();
        return Row(row, isoformat: true);
    }

    private static JsonNode? Delete(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id", "user_id");
        var dataset = Managed(ctx, "remove collaborators from this dataset");
        NotDisabled(ctx);
        var user = ctx.Store.FindUser(ctx.Str("user_id")!) ?? throw CkanActionException.NotFound("Not found: User not found");
        var row = ctx.Store.Portal.Collaborators.FirstOrDefault(c => FakeCkanStore.Str(c, "package_id") == FakeCkanStore.Str(dataset, "id") && FakeCkanStore.Str(c, "user_id") == FakeCkanStore.Str(user, "id"))
                  ?? throw CkanActionException.NotFound($"Not found: User {ctx.Str("user_id")} is not a collaborator on this package");
        ctx.Store.Portal.Collaborators.Remove(row);
        return null;
    }

    private static JsonNode List(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        var dataset = ctx.Store.FindDataset(ctx.Str("id")!) ?? throw CkanActionException.NotFound("Not found: Package not found");
        Manages(ctx, dataset, "list collaborators from this dataset");
        NotDisabled(ctx);
        var capacity = CapacityFilter(ctx);
        return new JsonArray(ctx.Store.Portal.Collaborators
            .Where(c => FakeCkanStore.Str(c, "package_id") == FakeCkanStore.Str(dataset, "id") && (capacity is null || FakeCkanStore.Str(c, "capacity") == capacity))
            .Select(c => (JsonNode)Row(c, isoformat: false)).ToArray());
    }

    private static JsonNode ListForUser(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        NotDisabled(ctx);
        var id = ctx.Str("id");
        // Only the user themself (a sysadmin passes every check).
        if (!ctx.IsSysadmin && (ctx.Caller is null || (id != ctx.CallerId && id != ctx.CallerName))) throw CkanActionException.NotAuthorized();
        var user = ctx.Store.FindUser(id!) ?? throw CkanActionException.NotAuthorized("Access denied: Not allowed to retrieve collaborators");
        var capacity = CapacityFilter(ctx);
        return new JsonArray(ctx.Store.Portal.Collaborators
            .Where(c => FakeCkanStore.Str(c, "user_id") == FakeCkanStore.Str(user, "id") && (capacity is null || FakeCkanStore.Str(c, "capacity") == capacity))
            .Select(c => (JsonNode)new JsonObject { ["package_id"] = c["package_id"]?.DeepClone(), ["capacity"] = c["capacity"]?.DeepClone(), ["modified"] = c["modified"]?.DeepClone() })
            .ToArray());
    }

    /// <summary>The row as member_dictize (isoformat) or as_dict (str(datetime): a space for the "T") shows it.</summary>
    private static JsonObject Row(JsonObject row, bool isoformat) => new()
    {
        ["package_id"] = row["package_id"]?.DeepClone(),
        ["user_id"] = row["user_id"]?.DeepClone(),
        ["capacity"] = row["capacity"]?.DeepClone(),
        ["modified"] = isoformat ? row["modified"]?.DeepClone() : FakeCkanStore.Str(row, "modified")?.Replace('T', ' '),
    };

    /// <summary>The dataset, if the caller may manage its collaborators. The auth function asserts both, so a missing one is a 500.</summary>
    private static JsonObject Managed(ActionContext ctx, string what)
    {
        var dataset = ctx.Store.FindDataset(ctx.Str("id")!);
        if (ctx.IsSysadmin) return dataset ?? throw CkanActionException.NotFound("Not found: Dataset not found");
        if (dataset is null) throw CkanActionException.Internal();
        Manages(ctx, dataset, what);
        return dataset;
    }

    private static void Manages(ActionContext ctx, JsonObject dataset, string what)
    {
        if (ctx.IsSysadmin) return;
        if (ctx.Caller is null) throw CkanActionException.Internal(); // "assert user_obj" in the auth function
        var admin = DatasetPermissions.IsOrgAdmin(ctx, dataset, ctx.CallerId)
                    || (ctx.Options.AllowAdminCollaborators && DatasetPermissions.CollaboratorCapacity(ctx, dataset, ctx.CallerId!) == "admin");
        if (!admin) throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to {what}");
    }

    private static void NotDisabled(ActionContext ctx)
    {
        if (!ctx.Options.AllowDatasetCollaborators)
            throw CkanActionException.Validation(new JsonObject { ["message"] = "Dataset collaborators not enabled" });
    }

    private static string? CapacityFilter(ActionContext ctx)
    {
        var capacity = ctx.Str("capacity");
        if (string.IsNullOrEmpty(capacity)) return null;
        if (!Allowed(ctx, capacity))
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"Capacity must be one of \"{Capacities(ctx)}\"" });
        return capacity;
    }
}
