using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// datastore_create given a <c>resource</c> dict instead of a resource_id (recorded on 2.10 and
/// 2.11): the resource is made first with resource_create (url "_datastore_only_resource" when none
/// is given) and becomes url_type "datastore"; the dict is echoed as resource_create left it. With
/// a url of its own the datapusher would have to load it: without one the call fails, 409 keyed
/// <c>resource</c>, and the resource it already made stays.
/// </summary>
internal static class DataStoreResource
{
    /// <summary>The table's resource id, and the resource dict to echo when the call made one.</summary>
    public static (string Id, JsonObject? Echo) Table(ActionContext ctx)
    {
        if (ctx.Params["resource"] is not JsonObject sent)
        {
            var id = ctx.Str("resource_id");
            return string.IsNullOrEmpty(id) ? throw CkanActionException.Validation("resource_id", "resource_id or resource required") : (id, null);
        }
        if (ctx.Params.ContainsKey("resource_id")) throw CkanActionException.Validation("resource", "resource cannot be used with resource_id");
        var resource = (JsonObject)sent.DeepClone();
        var hasUrl = resource.ContainsKey("url");
        if (!hasUrl) resource["url"] = "_datastore_only_resource";
        if (!resource.ContainsKey("mimetype")) resource["mimetype"] = Uploads.Mimetype(FakeCkanStore.Str(resource, "url") ?? ""); // as resource_create fills it in
        var created = ResourceActions.Create(new ActionContext(ctx.Store, ctx.Options, ctx.Version, (JsonObject)resource.DeepClone(), ctx.Caller, ctx.SiteUrl));
        var resourceId = FakeCkanStore.Str((JsonObject)created, "id")!;
        if (hasUrl) throw CkanActionException.Validation("resource", "The datapusher has to be enabled.");
        var dataset = ctx.Store.ResourceOwner(resourceId)!;
        var stored = (dataset["resources"] as JsonArray ?? []).OfType<JsonObject>().First(r => FakeCkanStore.Str(r, "id") == resourceId);
        stored["url_type"] = "datastore";
        stored["metadata_modified"] = ctx.Store.Now();
        ctx.Store.Reindex(FakeCkanStore.Str(dataset, "id")!);
        return (resourceId, resource);
    }
}
