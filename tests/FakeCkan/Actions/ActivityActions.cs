using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// The activity plugin's actions: activity_create (sysadmin; the id and timestamp given are
/// ignored, the server's are stored), the *_activity_list streams newest first (31 by default, at
/// most 100; 2.11 shows a non-sysadmin only activities whose permission labels they hold) and
/// activity_show. Which writes make activities is <see cref="ActivityRecorder"/>'s.
/// </summary>
internal static class ActivityActions
{
    public static void Register(IDictionary<string, ActionHandler> actions, FakeCkanOptions options)
    {
        if (!options.ActivityPlugin) return;
        ActivityRecorder.Register(actions);
        actions["activity_create"] = new(Create, false);
        actions["package_activity_list"] = new(ctx => Stream(ctx, PackageActivities(ctx)), true);
        actions["user_activity_list"] = new(ctx => Stream(ctx, UserActivities(ctx)), true);
        actions["group_activity_list"] = new(ctx => Stream(ctx, GroupActivities(ctx, organization: false)), true);
        actions["organization_activity_list"] = new(ctx => Stream(ctx, GroupActivities(ctx, organization: true)), true);
        actions["recently_changed_packages_activity_list"] = new(ctx => Stream(ctx,
            ctx.Store.Portal.Activities.All.Where(a => FakeCkanStore.Str(a, "activity_type")!.EndsWith(" package", StringComparison.Ordinal))), true);
        actions["activity_show"] = new(Show, true);
    }

    /// <summary>The object_id validator of each activity type (2.11 adds resource view types on datasets).</summary>
    private static string? ObjectKind(ActionContext ctx, string type) => type switch
    {
        "new package" or "changed package" or "deleted package" or "follow dataset" => "package",
        "new resource view" or "changed resource view" or "deleted resource view" when ctx.Is211() => "package",
        "new user" or "changed user" or "follow user" => "user",
        "new group" or "changed group" or "deleted group" or "follow group" => "group",
        "new organization" or "changed organization" or "deleted organization" or "follow organization" => "group",
        _ => null,
    };

    private static JsonNode Create(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var errors = new Validation.Errors();
        string? userId = null;
        if (string.IsNullOrEmpty(ctx.Str("user_id"))) errors.Add("user_id", "Missing value");
        else if (ctx.Store.FindUser(ctx.Str("user_id")!) is { } user) userId = FakeCkanStore.Str(user, "id");
        else errors.Add("user_id", "Not found: User");
        var type = ctx.Str("activity_type");
        var kind = type is null ? null : ObjectKind(ctx, type);
        if (string.IsNullOrEmpty(type)) errors.Add("activity_type", "Missing value");
        else if (kind is null) errors.Add("activity_type", "Not found: Activity type");
        var objectId = ctx.Str("object_id");
        if (string.IsNullOrEmpty(objectId)) errors.Add("object_id", "Missing value");
        else if (type is not null && kind is null) errors.Add("object_id", $"There is no object_id validator for activity type \"{type}\"");
        else if (kind is not null && !Exists(ctx, kind, objectId))
            errors.Add("object_id", kind switch { "package" => "Not found: Dataset", "user" => "Not found: User", _ => "Not found: Group" });
        errors.ThrowIfAny();
        var data = ctx.Params["data"] is JsonObject { Count: > 0 } given ? (JsonObject)given.DeepClone() : new JsonObject();
        var labels = ctx.Params["permission_labels"] is JsonArray l && ctx.Is211() ? (JsonArray)l.DeepClone() : null;
        return ActivityRecorder.Render(ctx, ActivityRecorder.Store(ctx, userId!, objectId!, type!, data, labels));
    }

    private static bool Exists(ActionContext ctx, string kind, string id) => kind switch
    {
        "package" => ctx.Store.FindDataset(id) is not null,
        "user" => ctx.Store.FindUser(id) is not null,
        _ => ctx.Store.FindGroupAnyType(id) is not null,
    };

    private static IEnumerable<JsonObject> PackageActivities(ActionContext ctx)
    {
        var dataset = ctx.Store.FindDataset(ctx.RequireId()) ?? throw CkanActionException.NotFound();
        if (!DatasetPermissions.CanRead(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read package {dataset["id"]}");
        return ctx.Store.Portal.Activities.Of(FakeCkanStore.Str(dataset, "id"));
    }

    /// <summary>A user's stream: what they did and what was done to them.</summary>
    private static IEnumerable<JsonObject> UserActivities(ActionContext ctx)
    {
        var user = ctx.Store.FindUser(ctx.RequireId()) ?? throw CkanActionException.NotFound();
        var id = FakeCkanStore.Str(user, "id");
        return ctx.Store.Portal.Activities.All.Where(a => FakeCkanStore.Str(a, "user_id") == id || FakeCkanStore.Str(a, "object_id") == id);
    }

    /// <summary>A group's or organization's stream: its own activities and those of its datasets.</summary>
    private static IEnumerable<JsonObject> GroupActivities(ActionContext ctx, bool organization)
    {
        var g = ctx.Store.FindGroup(ctx.RequireId(), organization) ?? throw CkanActionException.NotFound();
        var gid = FakeCkanStore.Str(g, "id");
        var datasets = ctx.Store.Datasets.Values.Where(d => organization
                ? FakeCkanStore.Str(d, "owner_org") == gid
                : (d["groups"] as JsonArray ?? []).OfType<JsonObject>().Any(x => FakeCkanStore.Str(x, "id") == gid))
            .Select(d => FakeCkanStore.Str(d, "id")).ToHashSet(StringComparer.Ordinal);
        return datasets.Prepend(gid).SelectMany(id => ctx.Store.Portal.Activities.Of(id));
    }

    /// <summary>Newest first, paged by offset and limit, optionally filtered by type; 2.11 filters by the caller's labels.</summary>
    private static JsonNode Stream(ActionContext ctx, IEnumerable<JsonObject> activities)
    {
        var include = ctx.Params["activity_types"] as JsonArray;
        var exclude = ctx.Params["exclude_activity_types"] as JsonArray;
        if (include is not null && exclude is not null)
            throw CkanActionException.Validation("activity_types", "Cannot be used together with `exclude_activity_types");
        var limit = Math.Min(ctx.Natural("limit") ?? 31, 100);
        var offset = ctx.Natural("offset") ?? 0;
        var types = include?.Select(n => n?.ToString()).ToHashSet(StringComparer.Ordinal);
        var excluded = exclude?.Select(n => n?.ToString()).ToHashSet(StringComparer.Ordinal);
        var labels = ctx.Is211() && !ctx.IsSysadmin ? UserLabels(ctx) : null;
        var page = activities
            .Where(a => types is null || types.Contains(FakeCkanStore.Str(a, "activity_type")))
            .Where(a => excluded is null || !excluded.Contains(FakeCkanStore.Str(a, "activity_type")))
            .Where(a => labels is null || a["permission_labels"] is not JsonArray held || held.Any(l => labels.Contains(l?.ToString() ?? "")))
            .Select((a, i) => (Activity: a, Index: i))
            .OrderByDescending(p => FakeCkanStore.Str(p.Activity, "timestamp"), StringComparer.Ordinal).ThenByDescending(p => p.Index)
            .Select(p => p.Activity)
            .Skip(offset).Take(limit);
        return new JsonArray(page.Select(a => (JsonNode)ActivityRecorder.Render(ctx, a)).ToArray());
    }

    /// <summary>get_user_dataset_labels: public, the user as creator, their organizations and collaborations.</summary>
    private static HashSet<string> UserLabels(ActionContext ctx)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal) { "public" };
        if (ctx.CallerId is not { } me) return labels;
        labels.Add($"creator-{me}");
        foreach (var g in ctx.Store.Groups.Values.Where(FakeCkanStore.IsOrg))
            if ((g["members"] as JsonArray ?? []).OfType<JsonObject>().Any(m => FakeCkanStore.Str(m, "user_id") == me)) labels.Add($"member-{g["id"]}");
        foreach (var c in ctx.Store.Portal.Collaborators.Where(c => FakeCkanStore.Str(c, "user_id") == me)) labels.Add($"collaborator-{c["package_id"]}");
        return labels;
    }

    private static JsonNode Show(ActionContext ctx)
    {
        var id = ctx.RequireId();
        var activity = ctx.Store.Portal.Activities.Find(id) ?? throw CkanActionException.NotFound();
        return ActivityRecorder.Render(ctx, activity, ctx.Bool("include_data", true));
    }
}
