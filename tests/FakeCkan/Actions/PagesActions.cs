using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>
/// ckanext-pages (master 6c8d593, checked against its actions.py, schema, auth and db): site pages
/// and blog posts, and an organization's or group's pages (org_id). Update creates or changes the
/// page named <c>page</c> (a different <c>name</c> renames it) and answers null; show gives the
/// whole row or null; an unauthorised call aborts with 401 inside the action, which the API turns
/// into a 500. A new row takes the columns' defaults for what is not sent (private true, order "").
/// </summary>
internal static partial class PagesActions
{
    public static void Register(IDictionary<string, ActionHandler> actions, FakeCkanOptions options)
    {
        if (!options.PagesPlugin) return;
        foreach (var prefix in new[] { "ckanext_pages", "ckanext_org_pages", "ckanext_group_pages" })
        {
            var site = prefix == "ckanext_pages";
            actions[$"{prefix}_update"] = new(ctx => { Authorise(ctx, site); Update(ctx); return null; }, false);
            actions[$"{prefix}_delete"] = new(ctx => { Authorise(ctx, site); Delete(ctx); return null; }, false);
            actions[$"{prefix}_show"] = new(Show, true);
            actions[$"{prefix}_list"] = new(List, true);
        }
        actions["ckanext_pages_upload"] = new(Upload, false);
    }

    /// <summary>
    /// pages_upload, the editor's image upload: sysadmins only (else the 401 abort, a 500); the file
    /// (field "upload") stored under page_images/ as CKAN's Upload names it, answered with its
    /// absolute URL (url_for_static, qualified) and name; one too large is answered 200 with
    /// uploaded 0 and the error, as the action catches the upload's ValidationError.
    /// </summary>
    private static JsonNode Upload(ActionContext ctx)
    {
        Authorise(ctx, site: true);
        string? stored;
        try
        {
            stored = PortalUploads.Store(ctx, "page_images", "upload");
        }
        catch (CkanActionException)
        {
            return new JsonObject { ["uploaded"] = 0, ["error"] = new JsonObject { ["message"] = "Can't upload the file, size is too large. (Max allowed is 2mb)" } };
        }
        var url = stored is null ? FakeCkanStore.Str(ctx.Params, "image_url") : $"{ctx.SiteUrl}/uploads/page_images/{stored}";
        return new JsonObject { ["url"] = url, ["fileName"] = stored, ["uploaded"] = 1 };
    }

    private static string? GroupId(ActionContext ctx) => ctx.Str("org_id") is { Length: > 0 } org ? FakeCkanStore.Str(ctx.Store.FindGroupAnyType(org), "id") ?? org : null;

    private static JsonObject? Find(ActionContext ctx, string? groupId, string? name) =>
        ctx.Store.Portal.Pages.FirstOrDefault(p => FakeCkanStore.Str(p, "group_id") == groupId && FakeCkanStore.Str(p, "name") == name);

    /// <summary>Site pages: sysadmins only; group pages: the group's admins too. Otherwise abort(401): a 500 through the API.</summary>
    private static void Authorise(ActionContext ctx, bool site)
    {
        if (ctx.IsSysadmin) return;
        var group = site ? null : ctx.Store.FindGroupAnyType(ctx.Str("org_id") ?? "");
        var admin = group is not null && ctx.CallerId is { } me
                    && (group["members"] as JsonArray ?? []).OfType<JsonObject>().Any(m => FakeCkanStore.Str(m, "user_id") == me && FakeCkanStore.Str(m, "capacity") == "admin");
        if (!admin) throw CkanActionException.Internal();
    }

    private static void Update(ActionContext ctx)
    {
        var groupId = GroupId(ctx);
        var page = ctx.Str("page");
        var errors = new Validation.Errors();
        if (string.IsNullOrEmpty(ctx.Str("title"))) errors.Add("title", "Missing value");
        var name = ctx.Str("name");
        Validation.Name(errors, name);
        if (!errors.Any && name != page && Find(ctx, groupId, name) is not null) errors.Add("name", "Page name already exists in database");
        var pageType = ctx.Str("page_type");
        var publish = ctx.Str("publish_date");
        if (pageType == "blog" && string.IsNullOrEmpty(publish)) errors.Add("publish_date", "Publish Date Must be supplied");
        else if (!string.IsNullOrEmpty(publish) && !Validation.IsIsoDate(publish)) errors.Add("publish_date", "Date format incorrect");
        bool? isPrivate = ctx.Params["private"] is null ? null : ctx.Bool("private", true);
        errors.ThrowIfAny();

        var row = Find(ctx, groupId, page);
        var created = row is null;
        if (row is null)
        {
            row = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["group_id"] = groupId, ["lang"] = "", ["created"] = null, ["revisions"] = new JsonObject() };
            ctx.Store.Portal.Pages.Add(row);
        }
        row["title"] = ctx.Str("title");
        row["content"] = ctx.Params["content"] is null ? null : ctx.Str("content");
        row["name"] = name;
        row["private"] = isPrivate;
        row["order"] = ctx.Params["order"] is null ? null : ctx.Str("order");
        row["page_type"] = pageType ?? "page";
        row["publish_date"] = string.IsNullOrEmpty(publish) ? null : FakeCkanStore.FormatTimestamp(DateTime.Parse(publish, System.Globalization.CultureInfo.InvariantCulture));
        if (created)
        {
            // An INSERT takes the column defaults for what was left null (as recorded: order came back "").
            row["content"] ??= "";
            row["private"] ??= true;
            row["order"] ??= "";
        }
        // Schema keys that are not columns it sets (group_id, user_id) are kept as JSON extras, shown over the columns.
        var extras = new JsonObject();
        foreach (var key in new[] { "group_id", "user_id" }) if (ctx.Params[key] is { } value) extras[key] = value.DeepClone();
        row["extras"] = extras.ToJsonString();
        var now = ctx.Store.Now();
        row["modified"] = now;
        row["created"] ??= ctx.Store.Now();
        row["user_id"] = ctx.CallerId;
        AddRevision(ctx, row, now);
    }

    /// <summary>The new content becomes the current revision; with 4 kept (3 before it), the oldest goes.</summary>
    private static void AddRevision(ActionContext ctx, JsonObject row, string now)
    {
        var old = (JsonObject)row["revisions"]!;
        var earlier = old.OrderByDescending(r => FakeCkanStore.Str(r.Value as JsonObject, "created"), StringComparer.Ordinal)
            .Take(old.Count >= 4 ? old.Count - 1 : old.Count).ToList();
        var revisions = new JsonObject
        {
            [Guid.NewGuid().ToString()] = new JsonObject { ["content"] = row["content"]?.DeepClone(), ["user_id"] = ctx.CallerId, ["created"] = now + "+00:00", ["current"] = true },
        };
        foreach (var (id, value) in earlier)
        {
            var past = (JsonObject)value!.DeepClone();
            past.Remove("current");
            revisions[id] = past;
        }
        row["revisions"] = revisions;
    }

    private static void Delete(ActionContext ctx)
    {
        if (Find(ctx, GroupId(ctx), ctx.Str("page")) is { } row) ctx.Store.Portal.Pages.Remove(row);
    }

    /// <summary>page_privacy: a private page only for those who may read it (sysadmins; a group page: its members); otherwise 500.</summary>
    private static JsonNode? Show(ActionContext ctx)
    {
        var groupId = GroupId(ctx);
        var row = Find(ctx, groupId, ctx.Str("page"));
        if (row is null) return null;
        if (row["private"]?.GetValue<bool>() == true && !ctx.IsSysadmin && !(groupId is not null && IsMember(ctx, groupId)))
            throw CkanActionException.Internal();
        return Shown(row);
    }

    /// <summary>table_dictize: every column, the JSON extras merged in over them.</summary>
    public static JsonObject Shown(JsonObject row)
    {
        var shown = new JsonObject();
        foreach (var column in new[] { "id", "title", "name", "content", "lang", "order", "private", "group_id", "user_id", "publish_date", "page_type", "created", "modified" })
            shown[column] = row[column]?.DeepClone();
        foreach (var (key, value) in Extras(row)) shown[key] = value?.DeepClone();
        shown["revisions"] = row["revisions"]?.DeepClone();
        return shown;
    }

    /// <summary>
    /// Rows of {title, content, name, publish_date, group_id, page_type} (+ image, the first img src,
    /// + extras); private pages only for those who may edit (or with private=false, nobody); newest
    /// first, or by order / publish date.
    /// </summary>
    private static JsonNode List(ActionContext ctx)
    {
        var groupId = GroupId(ctx);
        var all = ctx.IsSysadmin || (groupId is not null && IsMember(ctx, groupId));
        var keepPrivate = ctx.Params["private"] is not JsonValue p || (p.TryGetValue<bool>(out var b) ? b : p.ToString().Length > 0);
        IEnumerable<JsonObject> pages = ctx.Store.Portal.Pages.Where(r => FakeCkanStore.Str(r, "group_id") == groupId);
        if (!all || !keepPrivate) pages = pages.Where(r => r["private"] is JsonValue v && v.TryGetValue<bool>(out var isPrivate) && !isPrivate);
        if (ctx.Str("page_type") is { Length: > 0 } type) pages = pages.Where(r => FakeCkanStore.Str(r, "page_type") == type);
        if (ctx.Bool("order", false))
            pages = pages.Where(r => int.TryParse(FakeCkanStore.Str(r, "order"), out _)).OrderBy(r => int.Parse(FakeCkanStore.Str(r, "order")!, System.Globalization.CultureInfo.InvariantCulture));
        else if (ctx.Bool("order_publish_date", false))
            pages = pages.Where(r => r["publish_date"] is not null).OrderByDescending(r => FakeCkanStore.Str(r, "publish_date"), StringComparer.Ordinal);
        else pages = pages.OrderByDescending(r => FakeCkanStore.Str(r, "created"), StringComparer.Ordinal);
        return new JsonArray(pages.Select(r =>
        {
            var item = new JsonObject();
            foreach (var column in new[] { "title", "content", "name", "publish_date", "group_id", "page_type" }) item[column] = r[column]?.DeepClone();
            if (FirstImage().Match(FakeCkanStore.Str(r, "content") ?? "") is { Success: true } img) item["image"] = img.Groups["src"].Value;
            foreach (var (key, value) in Extras(r)) item[key] = value?.DeepClone();
            return (JsonNode)item;
        }).ToArray());
    }

    private static JsonObject Extras(JsonObject row) =>
        FakeCkanStore.Str(row, "extras") is { Length: > 0 } json && JsonNode.Parse(json) is JsonObject extras ? extras : [];

    private static bool IsMember(ActionContext ctx, string groupId) =>
        ctx.CallerId is { } me && ctx.Store.FindGroupAnyType(groupId) is { } g
        && (g["members"] as JsonArray ?? []).OfType<JsonObject>().Any(m => FakeCkanStore.Str(m, "user_id") == me);

    [GeneratedRegex("""<img\b[^>]*?\bsrc\s*=\s*["'](?<src>[^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex FirstImage();
}
