using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Runtime-editable site settings (config_option_list/show/update), sysadmins only, as CKAN 2.10 /
/// 2.11 answer them: the keys of the update schema (2.11 dropped ckan.homepage_style), values from
/// the ini until updated, a key outside the schema refused, a logo that is not a URL or path
/// served from /uploads/admin/, an uploaded logo (logo_upload) stored there. status_show shows the
/// current title and description.
/// </summary>
internal static class ConfigActions
{
    private static readonly Version Since = new(2, 4);

    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["config_option_list"] = new(List, true, Since);
        actions["config_option_show"] = new(Show, true, Since);
        actions["config_option_update"] = new(Update, false, Since);
    }

    public static IReadOnlyList<string> Keys(ActionContext ctx) => ctx.Is211()
        ? ["ckan.site_title", "ckan.site_logo", "ckan.site_url", "ckan.site_description", "ckan.site_about", "ckan.site_intro_text", "ckan.site_custom_css", "ckan.theme", "logo_upload", "clear_logo_upload"]
        : ["ckan.site_title", "ckan.site_logo", "ckan.site_url", "ckan.site_description", "ckan.site_about", "ckan.site_intro_text", "ckan.site_custom_css", "ckan.theme", "ckan.homepage_style", "logo_upload", "clear_logo_upload"];

    /// <summary>The setting's current value: updated at runtime, else the ini's (config declaration defaults).</summary>
    public static string? Value(ActionContext ctx, string key) =>
        ctx.Store.Portal.Settings.TryGetValue(key, out var set) ? set : key switch
        {
            "ckan.site_title" => ctx.Options.SiteTitle,
            "ckan.site_url" => ctx.SiteUrl,
            "ckan.site_logo" => "/base/images/ckan-logo.png",
            "ckan.theme" => "css/main",
            "ckan.homepage_style" => "1",
            _ => "",
        };

    private static JsonNode List(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        return new JsonArray(Keys(ctx).Select(k => (JsonNode)k).ToArray());
    }

    private static JsonNode? Show(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        GetOrBust.Require(ctx, "key");
        var key = ctx.Str("key")!;
        if (!Keys(ctx).Contains(key))
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"Configuration option '{key}' can not be shown" });
        return Value(ctx, key);
    }

    private static JsonNode Update(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var unsupported = ctx.Params.Select(p => p.Key).Where(k => !Keys(ctx).Contains(k)).ToList();
        if (unsupported.Count > 0)
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"Configuration option(s) '{string.Join(' ', unsupported)}' can not be updated" });
        var data = new JsonObject();
        foreach (var (key, value) in ctx.Params)
            if (value is not null) data[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        // The upload helper takes the file and the clear flag out, and puts the stored name in the logo.
        data.Remove("logo_upload");
        if (data.Remove("clear_logo_upload") && ctx.Upload is null && !data.ContainsKey("ckan.site_logo")) data["ckan.site_logo"] = "";
        if (PortalUploads.Store(ctx, "admin", "logo_upload") is { } stored) data["ckan.site_logo"] = stored;
        if (data["ckan.homepage_style"] is { } style && !(int.TryParse(style.ToString(), out var n) && n > 0))
            throw CkanActionException.Validation("ckan.homepage_style", "Must be a positive integer");
        foreach (var (key, value) in data)
        {
            var text = value?.ToString();
            // A logo that is neither a URL nor a path is an uploaded file's name.
            if (key == "ckan.site_logo" && !string.IsNullOrEmpty(text) && !text.StartsWith("http", StringComparison.Ordinal) && !text.StartsWith('/'))
                text = "/uploads/admin/" + text;
            ctx.Store.Portal.Settings[key] = text;
        }
        return data;
    }
}
