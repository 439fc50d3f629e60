using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>resource_show and resource_create (which re-saves the parent dataset, bumping metadata_modified).</summary>
internal static class ResourceActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["resource_show"] = new(Show, true);
        actions["resource_create"] = new(Create, false);
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
                    return r.DeepClone();
                }
        throw CkanActionException.NotFound();
    }

    private static JsonNode Create(ActionContext ctx)
    {
        var packageId = ctx.Str("package_id");
        if (string.IsNullOrEmpty(packageId)) throw CkanActionException.Validation("package_id", "Missing value");
        var d = ctx.Store.FindDataset(packageId) ?? throw CkanActionException.NotFound("Not found: Package was not found.");
        var shown = Render.Dataset(ctx, d);
        var resource = (JsonObject)ctx.Params.DeepClone();
        resource.Remove("package_id");
        foreach (var field in new[] { "created", "last_modified" })
        {
            if (FakeCkanStore.Str(resource, field) is not { Length: > 0 } date) continue;
            if (!Validation.IsIsoDate(date)) throw CkanActionException.Validation(field, "Date format incorrect");
            // CKAN re-serialises dates with isoformat(): no fraction when it is zero.
            resource[field] = FakeCkanStore.FormatTimestamp(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (FakeCkanStore.Str(resource, "url") is { } url && url.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            resource["format"] ??= "CSV";
            resource["mimetype"] ??= "text/csv";
        }
        ((JsonArray)shown["resources"]!).Add(resource);
        shown["id"] = d["id"]!.DeepClone();
        var updated = (JsonObject)DatasetWriteActions.Update(ctx, shown, "Not found: Package was not found.");
        return ((JsonArray)updated["resources"]!)[^1]!.DeepClone();
    }
}
