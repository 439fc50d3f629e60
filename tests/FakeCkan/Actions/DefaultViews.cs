using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// The views CKAN makes by itself (ckan.views.default_views): on each resource of a new dataset, on
/// a new resource, and on a resource whose format changed; never one of a type the resource
/// already has. Plugins that need the DataStore (datatables_view) are left out unless asked for
/// (create_datastore_views), so with the stock settings only image formats get a view ("Image").
/// </summary>
internal static class DefaultViews
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["resource_create_default_resource_views"] = new(ForResource, false, new Version(2, 3));
        actions["package_create_default_resource_views"] = new(ForDataset, false, new Version(2, 3));
        ActionWrapping.Around(actions, "package_create", (ctx, inner) =>
        {
            foreach (var r in (ctx.Params["resources"] as JsonArray ?? []).OfType<JsonObject>().Where(r => r["id"] is null)) GuessFormat(r, format: true, mimetype: false);
            var result = inner(ctx);
            if (ctx.Store.FindDataset(FakeCkanStore.Str(result as JsonObject, "id") ?? "") is { } dataset)
                foreach (var r in (dataset["resources"] as JsonArray ?? []).OfType<JsonObject>()) Add(ctx, r, datastoreViews: false, types: null);
            return result;
        });
        ActionWrapping.Around(actions, "resource_create", (ctx, inner) =>
        {
            if (ctx.Upload is null) GuessFormat(ctx.Params, format: ctx.Params["id"] is null, mimetype: true);
            var result = inner(ctx);
            if (Resource(ctx, FakeCkanStore.Str(result as JsonObject, "id")) is { } resource) Add(ctx, resource, datastoreViews: false, types: null);
            return result;
        });
        foreach (var name in new[] { "resource_update", "resource_patch" })
            ActionWrapping.Around(actions, name, (ctx, inner) =>
            {
                var before = FakeCkanStore.Str(Resource(ctx, ctx.Str("id")), "format");
                var result = inner(ctx);
                if (Resource(ctx, ctx.Str("id")) is { } resource && FakeCkanStore.Str(resource, "format") != before)
                    Add(ctx, resource, datastoreViews: false, types: null);
                return result;
            });
    }

    /// <summary>add_views_to_resource: the default (or given) types the resource can show and does not have yet.</summary>
    public static List<JsonObject> Add(ActionContext ctx, JsonObject resource, bool datastoreViews, IReadOnlyList<string>? types)
    {
        var created = new List<JsonObject>();
        var resourceId = FakeCkanStore.Str(resource, "id");
        if (!ctx.AtLeast(2, 3) || resourceId is null || ctx.Store.ResourceOwner(resourceId) is null) return created; // views came with 2.3
        var plugins = (types ?? ctx.Options.DefaultViews.Where(t => ViewPlugins.RequiresDataStore(t) == datastoreViews))
            .Where(t => ViewPlugins.Loaded(ctx, t) && ViewPlugins.CanView(ctx, t, resource)).ToList();
        if (plugins.Count == 0) return created;
        var existing = ViewActions.Of(ctx, resourceId).Select(v => FakeCkanStore.Str(v, "view_type")).ToHashSet(StringComparer.Ordinal);
        foreach (var type in plugins)
        {
            if (existing.Contains(type)) continue;
            var row = ViewActions.Add(ctx, null, resourceId, type, ViewPlugins.DefaultTitle(type), "", ViewPlugins.Config(type, [], new Validation.Errors()));
            created.Add(ViewActions.Render(ctx, row));
        }
        return created;
    }

    /// <summary>resource_create_default_resource_views {resource, package?, create_datastore_views}.</summary>
    private static JsonNode ForResource(ActionContext ctx)
    {
        if (ctx.Params["resource"] is not JsonObject resource) throw CkanActionException.Validation(new JsonObject { ["resource"] = "Missing value" });
        var dataset = ctx.Store.ResourceOwner(FakeCkanStore.Str(resource, "id") ?? "") ?? throw CkanActionException.NotFound("Not found: No package found for this resource, cannot check auth.");
        if (!DatasetPermissions.CanEdit(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to create resources on dataset {dataset["id"]}");
        return new JsonArray(Add(ctx, resource, ctx.Bool("create_datastore_views", false), null).Select(v => (JsonNode)v).ToArray());
    }

    /// <summary>package_create_default_resource_views {package, create_datastore_views}: the package dict's resources as given.</summary>
    private static JsonNode ForDataset(ActionContext ctx)
    {
        if (ctx.Params["package"] is not JsonObject package) throw CkanActionException.Validation(new JsonObject { ["package"] = "Missing value" });
        var dataset = ctx.Store.FindDataset(FakeCkanStore.Str(package, "id") ?? "") ?? throw CkanActionException.NotFound();
        if (!DatasetPermissions.CanEdit(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit package {dataset["id"]}");
        var datastore = ctx.Bool("create_datastore_views", false);
        var created = new JsonArray();
        foreach (var r in (package["resources"] as JsonArray ?? []).OfType<JsonObject>())
            foreach (var view in Add(ctx, r, datastore, null)) created.Add(view);
        return created;
    }

    /// <summary>A stored resource by id, with datastore_active as shown.</summary>
    private static JsonObject? Resource(ActionContext ctx, string? id) =>
        id is null ? null : (ctx.Store.ResourceOwner(id)?["resources"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r => FakeCkanStore.Str(r, "id") == id);

    /// <summary>
    /// if_empty_guess_format (a resource sent without an id or format gets one from its URL) and, in
    /// resource_create, the mimetype from the URL: for the image formats the views need.
    /// </summary>
    private static void GuessFormat(JsonObject resource, bool format, bool mimetype)
    {
        var url = (FakeCkanStore.Str(resource, "url") ?? "").Split('?')[0];
        var (guessed, type) = Path.GetExtension(url).ToLowerInvariant() switch
        {
            ".png" => ("PNG", "image/png"),
            ".jpg" or ".jpeg" => ("JPEG", "image/jpeg"),
            ".gif" => ("GIF", "image/gif"),
            _ => ((string?)null, (string?)null),
        };
        if (guessed is null) return;
        if (format && string.IsNullOrEmpty(FakeCkanStore.Str(resource, "format"))) resource["format"] = guessed;
        if (mimetype && !resource.ContainsKey("mimetype")) resource["mimetype"] = type;
    }
}
