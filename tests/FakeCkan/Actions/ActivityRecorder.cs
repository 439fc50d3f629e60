using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// The activity plugin's subscriptions: after a dataset, organization, group or user is written, an
/// activity is stored ("new package" with the dataset as package_show shows it and the actor's name,
/// "changed organization" with the group row, ...). 2.10 records nothing for private datasets; 2.11
/// records them with permission labels, and also records resource view changes.
/// </summary>
internal static class ActivityRecorder
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        foreach (var name in new[] { "package_create", "package_update", "package_patch", "package_delete" })
            ActionWrapping.Around(actions, name, (ctx, inner) =>
            {
                var result = inner(ctx);
                var id = FakeCkanStore.Str(result as JsonObject, "id") ?? ctx.Str("id") ?? ctx.Str("name");
                PackageChanged(ctx, id, name == "package_create" ? "new" : "changed");
                return result;
            });
        // resource_create/update/patch save the dataset through package_update, which CKAN signals too.
        foreach (var name in new[] { "resource_create", "resource_update", "resource_patch" })
            ActionWrapping.Around(actions, name, (ctx, inner) =>
            {
                var result = inner(ctx);
                PackageChanged(ctx, FakeCkanStore.Str(result as JsonObject, "package_id"), "changed");
                return result;
            });
        foreach (var kind in new[] { "organization", "group" })
            foreach (var verb in new[] { "create", "update", "patch", "delete" })
                ActionWrapping.Around(actions, $"{kind}_{verb}", (ctx, inner) =>
                {
                    var result = inner(ctx);
                    GroupChanged(ctx, kind, FakeCkanStore.Str(result as JsonObject, "id") ?? ctx.Str("id"), verb);
                    return result;
                });
        foreach (var name in new[] { "user_create", "user_update", "user_patch" })
            ActionWrapping.Around(actions, name, (ctx, inner) =>
            {
                var result = inner(ctx);
                if (FakeCkanStore.Str(result as JsonObject, "id") is { } id)
                    Store(ctx, id, id, name == "user_create" ? "new user" : "changed user", new JsonObject(), null);
                return result;
            });
    }

    /// <summary>Activity.activity_stream_item: "new", "changed" or (once) "deleted package" with the dataset as shown.</summary>
    public static void PackageChanged(ActionContext ctx, string? idOrName, string type)
    {
        if (!ctx.Options.ActivityPlugin || idOrName is null || ctx.Store.FindDataset(idOrName) is not { } dataset) return;
        var isPrivate = dataset["private"]?.GetValue<bool>() == true;
        if (isPrivate && !ctx.Is211()) return;
        var id = FakeCkanStore.Str(dataset, "id")!;
        if (type == "changed" && FakeCkanStore.Str(dataset, "state") == "deleted")
        {
            if (ctx.Store.Portal.Activities.Of(id).Any(a => FakeCkanStore.Str(a, "activity_type") == "deleted package")) return;
            type = "deleted";
        }
        // The dataset is kept as it is now and shown as package_show would when the activity is read:
        // rendering (or copying) it on every write would double a bulk load's work and memory in the
        // fake for a stream rarely read. The index's copy is never changed in place, so it serves.
        var data = new JsonObject { ["actor"] = ctx.Caller is null ? null : ctx.CallerName };
        var activity = Store(ctx, ctx.CallerId ?? "not logged in", id, $"{type} package", data, Labels(ctx, dataset));
        ctx.Store.Portal.Activities.SetPackage(FakeCkanStore.Str(activity, "id")!, ctx.Store.CurrentIndexCopy(id) ?? (JsonObject)dataset.DeepClone());
    }

    /// <summary>The dataset of a package activity as package_show showed it (through the showcase plugin's schema for showcases).</summary>
    private static JsonObject ShowPackage(ActionContext ctx, JsonObject row)
    {
        var shown = Actions.Render.Dataset(ctx, row);
        return ctx.Options.ShowcasePlugin && ShowcaseRender.IsShowcase(shown) ? ShowcaseRender.AfterShow(ctx, ShowcaseRender.Validated(shown)) : shown;
    }

    /// <summary>group_or_org_changed: the group's own row as data.</summary>
    private static void GroupChanged(ActionContext ctx, string kind, string? idOrName, string verb)
    {
        if (!ctx.Options.ActivityPlugin || idOrName is null || ctx.Store.FindGroupAnyType(idOrName) is not { } g) return;
        var type = FakeCkanStore.Str(g, "state") == "deleted" || verb == "delete" ? "deleted" : verb == "create" ? "new" : "changed";
        var row = new JsonObject();
        foreach (var key in new[] { "id", "name", "title", "type", "description", "image_url", "created", "is_organization", "approval_status", "state" })
            row[key] = g[key]?.DeepClone();
        Store(ctx, ctx.CallerId ?? "not logged in", FakeCkanStore.Str(g, "id")!, $"{type} {kind}", new JsonObject { ["group"] = row }, null);
    }

    /// <summary>2.11's resource_view_changed: the view's row and its dataset, on the dataset's stream.</summary>
    public static void ViewChanged(ActionContext ctx, JsonObject view, string type)
    {
        if (!ctx.Options.ActivityPlugin || !ctx.Is211()) return;
        if (ctx.Store.ResourceOwner(FakeCkanStore.Str(view, "resource_id") ?? "") is not { } dataset) return;
        var data = (JsonObject)view.DeepClone();
        data["package_id"] = dataset["id"]?.DeepClone();
        Store(ctx, ctx.CallerId ?? "not logged in", FakeCkanStore.Str(dataset, "id")!, type, data, null);
    }

    /// <summary>Stores an activity with the server's time and a new id (activity_create never takes either).</summary>
    public static JsonObject Store(ActionContext ctx, string userId, string objectId, string type, JsonObject data, JsonArray? labels)
    {
        var activity = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["timestamp"] = ctx.Store.Now(),
            ["user_id"] = userId,
            ["object_id"] = objectId,
            ["activity_type"] = type,
            ["data"] = data,
            ["permission_labels"] = labels,
        };
        ctx.Store.Portal.Activities.Add(activity);
        return activity;
    }

    /// <summary>get_dataset_labels: "public", else the collaborators' and the organization's (or creator's) labels.</summary>
    public static JsonArray Labels(ActionContext ctx, JsonObject dataset)
    {
        if (FakeCkanStore.Str(dataset, "state") == "active" && dataset["private"]?.GetValue<bool>() != true) return ["public"];
        var labels = new JsonArray();
        if (ctx.Options.AllowDatasetCollaborators) labels.Add($"collaborator-{dataset["id"]}");
        labels.Add(FakeCkanStore.Str(dataset, "owner_org") is { } org ? $"member-{org}" : $"creator-{dataset["creator_user_id"]}");
        return labels;
    }

    /// <summary>activity_dictize: permission_labels exist from 2.11.</summary>
    public static JsonObject Render(ActionContext ctx, JsonObject activity, bool includeData = true)
    {
        var shown = (JsonObject)activity.DeepClone();
        if (ctx.Store.Portal.Activities.Package(FakeCkanStore.Str(activity, "id")) is { } row)
        {
            var data = (JsonObject)shown["data"]!;
            var actor = data["actor"]?.DeepClone();
            data.Clear();
            data["package"] = ShowPackage(ctx, row);
            data["actor"] = actor;
        }
        if (!ctx.Is211()) shown.Remove("permission_labels");
        if (!includeData) shown.Remove("data");
        return shown;
    }
}
