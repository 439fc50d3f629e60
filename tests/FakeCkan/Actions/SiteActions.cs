using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

internal static class SiteActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["status_show"] = new(ctx => new JsonObject
        {
            ["site_title"] = ConfigActions.Value(ctx, "ckan.site_title"),
            ["site_description"] = ConfigActions.Value(ctx, "ckan.site_description"),
            ["site_url"] = ctx.SiteUrl,
            ["error_emails_to"] = "",
            ["locale_default"] = "en",
            ["extensions"] = SitePlugins.Extensions(ctx),
            ["ckan_version"] = ctx.Options.CkanVersion,
        }, true);
    }
}
