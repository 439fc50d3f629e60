using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// How plugins join core actions here, as they do in CKAN (IPackageController, IResourceController,
/// signals after an action): behaviour around an action registered earlier, and an action run for
/// the same caller with other parameters (get_action).
/// </summary>
internal static class ActionWrapping
{
    /// <summary>Replaces an action with <paramref name="around"/>, which gets the parameters and the action it wraps.</summary>
    public static void Around(IDictionary<string, ActionHandler> actions, string name, Func<ActionContext, Func<ActionContext, JsonNode?>, JsonNode?> around)
    {
        if (!actions.TryGetValue(name, out var inner)) return;
        actions[name] = inner with { Run = ctx => around(ctx, inner.Run) };
    }

    /// <summary>The same caller and site with other parameters.</summary>
    public static ActionContext With(ActionContext ctx, JsonObject parameters) =>
        new(ctx.Store, ctx.Options, ctx.Version, parameters, ctx.Caller, ctx.SiteUrl) { Upload = ctx.Upload };

    /// <summary>The imitated version is 2.11 or later.</summary>
    public static bool Is211(this ActionContext ctx) => ctx.AtLeast(2, 11);
}
