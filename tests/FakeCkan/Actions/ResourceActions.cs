using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// resource_show, and resource_create / resource_update / resource_patch, which re-save the parent
/// dataset (bumping metadata_modified) and take a multipart <c>upload</c> (see <see cref="Uploads"/>).
/// </summary>
internal static class ResourceActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["resource_show"] = new(Show, true);
        actions["resource_create"] = new(Create, false);
        actions["resource_update"] = new(ctx => Update(ctx, patch: false), false);
        actions["resource_patch"] = new(ctx => Update(ctx, patch: true), false, new Version(2, 3));
    }

    private static JsonNode Show(ActionContext ctx)
    {
        var id = ctx.RequireId();
        foreach (var d in ctx.Store.Datasets.Values)
            foreach (var r in (d["resources"] as JsonArray ?? []).OfType<JsonObject>())
                if (FakeCkanStore.Str(r, "id") == id && FakeCkanStore.Str(d, "state") != "deleted")
                {
                    if (!DatasetReadActions.CanRead(ctx, d))
                        throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read resource {id}");
                    // As package_show shows it: an upload's full download URL, a link's scheme, datastore_active.
                    return ((JsonArray)Render.Dataset(ctx, d)["resources"]!).OfType<JsonObject>().First(x => FakeCkanStore.Str(x, "id") == id).DeepClone();
                }
        throw CkanActionException.NotFound();
    }

    internal static JsonNode Create(ActionContext ctx)
    {
        var packageId = ctx.Str("package_id");
        if (string.IsNullOrEmpty(packageId)) throw CkanActionException.Validation("package_id", "Missing value");
        var d = ctx.Store.FindDataset(packageId) ?? throw CkanActionException.NotFound("Not found: Package was not found.");
        Uploads.Check(ctx);
        var shown = Render.Dataset(ctx, d);
        shown.Remove("metadata_modified"); // the dataset is re-saved at the time of the write, also on 2.12
        var resource = (JsonObject)ctx.Params.DeepClone();
        resource.Remove("package_id");
        Uploads.Describe(ctx, resource);
        foreach (var field in new[] { "created", "last_modified" })
        {
            if (FakeCkanStore.Str(resource, field) is not { Length: > 0 } date) continue;
            if (!IsoDates.Accepts(ctx, date)) throw CkanActionException.Validation(field, "Date format incorrect");
            // CKAN re-serialises dates with isoformat(): no fraction when it is zero, and no zone.
            resource[field] = IsoDates.Naive(date);
        }
        if (FakeCkanStore.Str(resource, "url") is { } url && url.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            resource["format"] ??= "CSV";
            resource["mimetype"] ??= "text/csv";
        }
        ((JsonArray)shown["resources"]!).Add(resource);
        shown["id"] = d["id"]!.DeepClone();
        var updated = (JsonObject)DatasetWriteActions.Update(ctx, shown, "Not found: Package was not found.");
        var created = (JsonObject)((JsonArray)updated["resources"]!)[^1]!;
        Uploads.Store(ctx, FakeCkanStore.Str(created, "id")!);
        return created.DeepClone();
    }

    private static readonly string[] KeptColumns = ["name", "format", "hash", "size", "last_modified", "cache_url", "cache_last_updated", "url_type", "datastore_active"];

    /// <summary>
    /// resource_update replaces the resource with what is sent, except that omitted columns are kept
    /// unless the model marks them remove_if_not_provided (url, description, resource_type, mimetype,
    /// mimetype_inner; recorded on 2.10 and 2.11), and an omitted mimetype is guessed from the url;
    /// resource_patch sends the stored resource with the given fields over it. A new upload replaces the file.
    /// </summary>
    private static JsonNode Update(ActionContext ctx, bool patch)
    {
        var id = ctx.RequireId();
        var d = ctx.Store.ResourceOwner(id) is { } owner && FakeCkanStore.Str(owner, "state") != "deleted" ? owner : throw CkanActionException.NotFound("Not found: Resource was not found.");
        Uploads.Check(ctx);
        var shown = Render.Dataset(ctx, d);
        shown.Remove("metadata_modified"); // the dataset is re-saved at the time of the write, also on 2.12
        var resources = (JsonArray)shown["resources"]!;
        var index = resources.OfType<JsonObject>().ToList().FindIndex(r => FakeCkanStore.Str(r, "id") == id);
        var old = (JsonObject)resources[index]!;
        var resource = patch ? (JsonObject)old.DeepClone() : new JsonObject();
        if (!patch)
            foreach (var kept in KeptColumns)
                if (old[kept] is { } value) resource[kept] = value.DeepClone();
        foreach (var (key, value) in ctx.Params) resource[key] = value?.DeepClone();
        if (!patch && !ctx.Params.ContainsKey("mimetype") && Uploads.Mimetype(FakeCkanStore.Str(resource, "url") ?? "") is { } guessed)
            resource["mimetype"] = guessed;
        if (FakeCkanStore.Str(resource, "url_type") == "upload" && ctx.Upload is null && FakeCkanStore.Str(old, "url") is { } stored)
            resource["url"] ??= stored; // no new file: the stored one stays behind the resource
        Uploads.Describe(ctx, resource);
        resource["id"] = id;
        resources[index] = resource;
        var updated = (JsonObject)DatasetWriteActions.Update(ctx, shown, "Not found: Package was not found.");
        Uploads.Store(ctx, id);
        return ((JsonArray)updated["resources"]!).OfType<JsonObject>().First(r => FakeCkanStore.Str(r, "id") == id).DeepClone();
    }
}
