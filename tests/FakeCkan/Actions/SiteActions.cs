using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

internal static class SiteActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["status_show"] = new(ctx => new JsonObject
        {
            ["site_title"] = ctx.Options.SiteTitle,
            ["site_description"] = "",
            ["site_url"] = ctx.SiteUrl,
            ["error_emails_to"] = "",
            ["locale_default"] = "en",
            ["extensions"] = new JsonArray(new[] { "activity", ctx.Options.HarvestPlugin ? "harvest" : null, ctx.Options.DataStorePlugin ? "datastore" : null }.OfType<string>().Select(e => (JsonNode)e).ToArray()),
            ["ckan_version"] = ctx.Options.CkanVersion,
        }, true);
        actions["config_option_show"] = new(ctx =>
        {
            ctx.RequireSysadmin();
            return ctx.Str("key") == "ckan.site_title" ? "FakeCkan" : null;
        }, true, new Version(2, 4));
    }
}
