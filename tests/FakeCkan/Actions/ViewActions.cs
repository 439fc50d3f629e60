using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// resource_view_* as CKAN 2.10 / 2.11 answer them (spec/ckan-portal-exchanges.md, resource views):
/// validation before the auth check, the type's fields kept in the view's config (an update
/// replaces them, so a field not sent is dropped), hard deletes, reorder with the given views
/// first, and no resource_view_patch. 2.11 takes a sysadmin's id on create and answers a delete
/// with the resource id; 2.10 refuses the id as an unexpected field.
/// </summary>
internal static class ViewActions
{
    private static readonly Version Since = new(2, 3);

    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["resource_view_create"] = new(Create, false, Since);
        actions["resource_view_update"] = new(Update, false, Since);
        actions["resource_view_show"] = new(Show, true, Since);
        actions["resource_view_list"] = new(List, true, Since);
        actions["resource_view_delete"] = new(Delete, false, Since);
        actions["resource_view_reorder"] = new(Reorder, false, Since);
        actions["resource_view_clear"] = new(Clear, false, Since);
        DefaultViews.Register(actions);
    }

    /// <summary>resource_view_dictize: the columns, the config's fields at the top level, and the resource's dataset.</summary>
    public static JsonObject Render(ActionContext ctx, JsonObject row)
    {
        var view = new JsonObject();
        foreach (var column in ViewPlugins.Columns) view[column] = row[column]?.DeepClone();
        foreach (var (key, value) in row["config"] as JsonObject ?? []) view[key] = value?.DeepClone();
        view["package_id"] = ctx.Store.ResourceOwner(FakeCkanStore.Str(row, "resource_id") ?? "")?["id"]?.DeepClone();
        return view;
    }

    /// <summary>Stores a view at the end of its resource's list (order = last + 1, from 0).</summary>
    public static JsonObject Add(ActionContext ctx, string? id, string resourceId, string viewType, string title, JsonNode? description, JsonObject config)
    {
        var views = ctx.Store.Portal.Views;
        var row = new JsonObject
        {
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["resource_id"] = resourceId,
            ["title"] = title,
            ["description"] = description?.DeepClone(),
            ["view_type"] = viewType,
            ["order"] = views.NextOrder(resourceId),
            ["config"] = config,
        };
        views.Add(row);
        ActivityRecorder.ViewChanged(ctx, row, "new resource view");
        return row;
    }

    private static JsonNode Create(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "resource_id", "view_type");
        var viewType = ctx.Str("view_type");
        if (!ViewPlugins.Loaded(ctx, viewType))
            throw CkanActionException.Validation(new JsonObject { ["view_type"] = $"No plugin found for view_type {viewType}" });
        var errors = new Validation.Errors();
        var dataset = ResourceField(ctx, errors, required: true);
        if (string.IsNullOrEmpty(ctx.Str("title"))) errors.Add("title", "Missing value");
        var id = ctx.Is211() ? CheckNewId(ctx, errors) : null;
        Unexpected(ctx, viewType!, errors, ctx.Is211() ? ["id"] : []);
        var config = ViewPlugins.Config(viewType!, ctx.Params, errors);
        errors.ThrowIfAny();
        if (!DatasetPermissions.CanEdit(ctx, dataset!))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to create resources on dataset {dataset!["id"]}");
        var row = Add(ctx, id, ctx.Str("resource_id")!, viewType!, ctx.Str("title")!, Described(ctx), config);
        return Render(ctx, row);
    }

    private static JsonNode Update(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        var row = Find(ctx, ctx.Str("id")) ?? throw CkanActionException.NotFound();
        var viewType = FakeCkanStore.Str(row, "view_type")!;
        if (!ViewPlugins.Loaded(ctx, viewType)) throw CkanActionException.Internal(); // CKAN asserts the view's plugin
        var errors = new Validation.Errors();
        if (ctx.Is211() && !Guid.TryParse(ctx.Str("id"), out _)) errors.Add("id", "Invalid id provided");
        if (ctx.Params.ContainsKey("resource_id")) ResourceField(ctx, errors, required: false);
        Unexpected(ctx, viewType, errors, ["id", "package_id"]);
        var config = ViewPlugins.Config(viewType, ctx.Params, errors);
        errors.ThrowIfAny();
        var dataset = ctx.Store.ResourceOwner(FakeCkanStore.Str(row, "resource_id") ?? "");
        if (!ctx.IsSysadmin)
        {
            // The auth function reads the resource id from the request: without it, a KeyError (500).
            if (!ctx.Params.ContainsKey("resource_id")) throw CkanActionException.Internal();
            if (dataset is null || !DatasetPermissions.CanEdit(ctx, dataset))
                throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit resource {ctx.Str("resource_id")}");
        }
        if (ctx.Params["title"] is { } title) row["title"] = title.DeepClone();
        if (ctx.Params["description"] is { } description) row["description"] = description.DeepClone();
        if (ctx.Str("resource_id") is { Length: > 0 } moved && moved != FakeCkanStore.Str(row, "resource_id")) ctx.Store.Portal.Views.Move(row, moved);
        row["config"] = config; // every type field not sent is gone
        ActivityRecorder.ViewChanged(ctx, row, "changed resource view");
        return Render(ctx, row);
    }

    private static JsonNode Show(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        var row = Find(ctx, ctx.Str("id")) ?? throw CkanActionException.NotFound("Not found: Resource view not found, cannot check auth.");
        var dataset = ctx.Store.ResourceOwner(FakeCkanStore.Str(row, "resource_id") ?? "") ?? throw CkanActionException.NotFound();
        if (!DatasetPermissions.CanRead(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read resource {row["resource_id"]}");
        return Render(ctx, row);
    }

    private static JsonNode List(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        var resourceId = ctx.Str("id")!;
        var dataset = ctx.Store.ResourceOwner(resourceId) ?? throw CkanActionException.NotFound();
        if (!DatasetPermissions.CanRead(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read resource {resourceId}");
        // Only views whose plugin is loaded are listed.
        return new JsonArray(Of(ctx, resourceId).Where(v => ViewPlugins.Loaded(ctx, FakeCkanStore.Str(v, "view_type")))
            .Select(v => (JsonNode)Render(ctx, v)).ToArray());
    }

    private static JsonNode? Delete(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        var row = Find(ctx, ctx.Str("id")) ?? throw CkanActionException.NotFound();
        var dataset = ctx.Store.ResourceOwner(FakeCkanStore.Str(row, "resource_id") ?? "");
        if (dataset is null || !DatasetPermissions.CanEdit(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to delete resource {row["resource_id"]}");
        ctx.Store.Portal.Views.Remove(row); // a hard delete
        return ctx.Is211() ? new JsonObject { ["resource_id"] = row["resource_id"]?.DeepClone() } : null;
    }

    private static JsonNode Reorder(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id", "order");
        if (ctx.Params["order"] is not JsonArray order)
            throw CkanActionException.Validation(new JsonObject { ["order"] = "Must supply order as a list" });
        var given = order.Select(n => n?.ToString() ?? "").ToList();
        if (given.Distinct(StringComparer.Ordinal).Count() != given.Count)
            throw CkanActionException.Validation(new JsonObject { ["order"] = "No duplicates allowed in order" });
        var resourceId = ctx.Str("id")!;
        var dataset = ctx.Store.ResourceOwner(resourceId) ?? throw CkanActionException.NotFound("Not found: Resource was not found.");
        if (!DatasetPermissions.CanEdit(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit resource {resourceId}");
        var rest = Of(ctx, resourceId).ToList();
        var ordered = new List<JsonObject>();
        foreach (var id in given)
        {
            var view = rest.FirstOrDefault(v => FakeCkanStore.Str(v, "id") == id)
                       ?? throw CkanActionException.Validation(new JsonObject { ["order"] = $"View {id} does not exist" });
            rest.Remove(view);
            ordered.Add(view);
        }
        ordered.AddRange(rest); // the views not named keep their order after the named ones
        for (var i = 0; i < ordered.Count; i++) ordered[i]["order"] = i + 1;
        return new JsonObject { ["id"] = resourceId, ["order"] = new JsonArray(ordered.Select(v => (JsonNode)v["id"]!.DeepClone()).ToArray()) };
    }

    private static JsonNode? Clear(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var types = (ctx.Params["view_types"] as JsonArray ?? []).Select(n => n?.ToString()).ToHashSet(StringComparer.Ordinal);
        ctx.Store.Portal.Views.RemoveWhere(v => types.Count == 0 || types.Contains(FakeCkanStore.Str(v, "view_type")));
        return null;
    }

    /// <summary>A resource's views in their order.</summary>
    public static IReadOnlyList<JsonObject> Of(ActionContext ctx, string resourceId) => ctx.Store.Portal.Views.Of(resourceId);

    private static JsonObject? Find(ActionContext ctx, string? id) => ctx.Store.Portal.Views.Find(id);


    /// <summary>resource_id's validators: not_empty (on create) and resource_id_exists. The resource's dataset, if any.</summary>
    private static JsonObject? ResourceField(ActionContext ctx, Validation.Errors errors, bool required)
    {
        var resourceId = ctx.Str("resource_id");
        if (string.IsNullOrEmpty(resourceId))
        {
            if (required) errors.Add("resource_id", "Missing value");
            return null;
        }
        var dataset = ctx.Store.ResourceOwner(resourceId);
        if (dataset is null) errors.Add("resource_id", "Not found: Resource");
        return dataset;
    }

    /// <summary>2.11's id on create: a sysadmin's only, a UUID, not an existing view's.</summary>
    private static string? CheckNewId(ActionContext ctx, Validation.Errors errors)
    {
        var id = ctx.Str("id");
        if (string.IsNullOrEmpty(id)) return null;
        if (!ctx.IsSysadmin) errors.Add("id", "The input field id was not expected.");
        else if (!Guid.TryParse(id, out _)) errors.Add("id", "Invalid id provided");
        else if (Find(ctx, id) is not null) errors.Add("id", "ResourceView id already exists");
        return id;
    }

    /// <summary>The schema's "__extras: [empty]": any key the view's schema does not know is refused.</summary>
    private static void Unexpected(ActionContext ctx, string viewType, Validation.Errors errors, IEnumerable<string> alsoKnown)
    {
        var known = new HashSet<string>(ViewPlugins.Columns.Where(c => c != "id").Concat(ViewPlugins.Fields(viewType)).Concat(alsoKnown), StringComparer.Ordinal);
        if (ctx.Params.Any(p => !known.Contains(p.Key))) errors.Add("__extras", "The input field __extras was not expected.");
    }

    /// <summary>description is ignore_missing: not sent (or null) leaves the column null; "" is kept.</summary>
    private static JsonNode? Described(ActionContext ctx) => ctx.Params["description"]?.DeepClone();
}
