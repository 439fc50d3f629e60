using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// datastore_create with a <c>resource</c> dict instead of a resource_id, as recorded on 2.10 and
/// 2.11: the resource is made first with resource_create (url "_datastore_only_resource" when none
/// is given), then marked url_type "datastore" with resource_update, and the table is made on it;
/// the answer echoes the resource dict as resource_create left it (url and mimetype filled in).
/// With a url the datapusher would be needed: 409, but the resource stays.
/// </summary>
internal static class DataStoreResourceCreate
{
    public static void Register(IDictionary<string, ActionHandler> actions, FakeCkanOptions options)
    {
        if (!options.DataStorePlugin) return;
        ActionWrapping.Around(actions, "datastore_create", (ctx, inner) =>
        {
            if (ctx.Params["resource"] is not JsonObject resource) return inner(ctx);
            if (ctx.Params.ContainsKey("resource_id"))
                throw CkanActionException.Validation("resource", "resource cannot be used with resource_id");
            var hasUrl = resource.ContainsKey("url");
            resource["url"] ??= "_datastore_only_resource";
            var made = (JsonObject)actions["resource_create"].Run(ActionWrapping.With(ctx, (JsonObject)resource.DeepClone()))!;
            resource["mimetype"] = made["mimetype"]?.DeepClone(); // resource_create writes the guessed mimetype into the dict it was given
            if (hasUrl) throw CkanActionException.Validation("resource", "The datapusher has to be enabled.");
            var update = (JsonObject)made.DeepClone();
            update["url_type"] = "datastore";
            actions["resource_update"].Run(ActionWrapping.With(ctx, update));
            ctx.Params.Remove("resource");
            ctx.Params["resource_id"] = made["id"]!.DeepClone();
            var result = inner(ctx);
            if (result is JsonObject answer) answer["resource"] = resource.DeepClone();
            return result;
        });
    }
}
