using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Who may change or read a dataset, as CKAN's package_update / package_show auth decide for the
/// portal actions: a sysadmin; the creator; an admin or editor of its organization; a collaborator
/// with capacity editor or admin (reading: any collaborator) when collaborators are allowed.
/// </summary>
internal static class DatasetPermissions
{
    public static bool CanEdit(ActionContext ctx, JsonObject dataset)
    {
        if (ctx.IsSysadmin) return true;
        if (ctx.CallerId is not { } me) return false;
        if (FakeCkanStore.Str(dataset, "creator_user_id") == me) return true;
        if (OrgCapacity(ctx, dataset, me) is "admin" or "editor") return true;
        return CollaboratorCapacity(ctx, dataset, me) is "editor" or "admin";
    }

    public static bool CanRead(ActionContext ctx, JsonObject dataset) =>
        DatasetReadActions.CanRead(ctx, dataset)
        || (ctx.CallerId is { } me && FakeCkanStore.Str(dataset, "state") == "active"
            && (OrgCapacity(ctx, dataset, me) is not null || CollaboratorCapacity(ctx, dataset, me) is not null));

    /// <summary>Whether a user is an admin of the dataset's organization (CKAN's "membership" permission).</summary>
    public static bool IsOrgAdmin(ActionContext ctx, JsonObject dataset, string? userId) =>
        userId is not null && OrgCapacity(ctx, dataset, userId) == "admin";

    private static string? OrgCapacity(ActionContext ctx, JsonObject dataset, string userId) =>
        FakeCkanStore.Str(dataset, "owner_org") is { } org && ctx.Store.FindGroup(org, organization: true) is { } g
            ? (g["members"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(m => FakeCkanStore.Str(m, "user_id") == userId) is { } m ? FakeCkanStore.Str(m, "capacity") : null
            : null;

    public static string? CollaboratorCapacity(ActionContext ctx, JsonObject dataset, string userId) =>
        ctx.Options.AllowDatasetCollaborators
            ? ctx.Store.Portal.Collaborators.FirstOrDefault(c => FakeCkanStore.Str(c, "package_id") == FakeCkanStore.Str(dataset, "id") && FakeCkanStore.Str(c, "user_id") == userId) is { } row ? FakeCkanStore.Str(row, "capacity") : null
            : null;
}
