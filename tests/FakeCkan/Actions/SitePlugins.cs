using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>status_show's extension list: ckan.plugins as the recorded sites' inis order them, for the plugins this site loads.</summary>
internal static class SitePlugins
{
    public static JsonArray Extensions(ActionContext ctx)
    {
        var plugins = new List<string>();
        if (ctx.Options.ActivityPlugin) plugins.Add("activity");
        if (ctx.Options.DataStorePlugin) plugins.Add("datastore");
        if (ctx.Options.HarvestPlugin) plugins.AddRange(["harvest", "ckan_harvester"]);
        plugins.AddRange(ctx.Options.ViewPlugins);
        if (ctx.Options.ShowcasePlugin) plugins.Add("showcase");
        if (ctx.Options.PagesPlugin) plugins.Add("pages");
        return new JsonArray(plugins.Select(p => (JsonNode)p).ToArray());
    }
}
