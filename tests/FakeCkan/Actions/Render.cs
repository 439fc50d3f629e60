using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>How stored rows are shown, per CKAN's dictization (model_dictize) for the imitated version.</summary>
internal static class Render
{
    public static JsonObject Dataset(ActionContext ctx, JsonObject stored)
    {
        var d = (JsonObject)stored.DeepClone();
        var org = FakeCkanStore.Str(d, "owner_org") is { } orgId ? ctx.Store.FindGroup(orgId, organization: true) : null;
        d["organization"] = org is null ? null : OrganizationSummary(org);
        d["num_resources"] = (d["resources"] as JsonArray)?.Count ?? 0;
        foreach (var r in (d["resources"] as JsonArray ?? []).OfType<JsonObject>())
            DataStoreView(ctx, r);
        foreach (var r in (d["resources"] as JsonArray ?? []).OfType<JsonObject>())
            if (FakeCkanStore.Str(r, "url_type") == "upload" && FakeCkanStore.Str(r, "url") is { Length: > 0 } file && !file.Contains("://", StringComparison.Ordinal))
                r["url"] = $"{ctx.SiteUrl}/dataset/{d["id"]}/resource/{r["id"]}/download/{file}";
            else if (FakeCkanStore.Str(r, "url") is { Length: > 0 } link) r["url"] = LinkUrl(ctx.Version, link);
        // Groups are shown as they are now, not as they were when the dataset joined them.
        if (d["groups"] is JsonArray groups)
            foreach (var g in groups.OfType<JsonObject>())
                if (ctx.Store.FindGroup(FakeCkanStore.Str(g, "id") ?? "", organization: false) is { } current)
                {
                    g["title"] = current["title"]?.DeepClone();
                    g["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(current, "title")) ? current["name"]?.DeepClone() : current["title"]?.DeepClone();
                    g["description"] = current["description"]?.DeepClone();
                    g["name"] = current["name"]?.DeepClone();
                    g["image_display_url"] = current["image_url"]?.DeepClone();
                }
        d["num_tags"] = (d["tags"] as JsonArray)?.Count ?? 0;
        if (FakeCkanStore.Str(d, "type") == "harvest" && ctx.Options.HarvestPlugin)
            d["status"] = new JsonObject { ["job_count"] = 0, ["last_job"] = null, ["total_datasets"] = 0 }; // after_show, computed
        return d;
    }

    /// <summary>resource_dictize shows a link with no scheme as http:// (recorded on 2.10 and 2.11: "file.csv" → "http://file.csv").</summary>
    public static string LinkUrl(Version version, string? url) =>
        string.IsNullOrEmpty(url) || version < new Version(2, 10) || Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme.Length > 1 ? url ?? "" : "http://" + url.TrimStart('/');

    /// <summary>
    /// The datastore plugin's before_resource_show: a url_type "datastore" resource links to this
    /// site's dump of its table, and datastore_active is shown false when the resource has no such extra.
    /// </summary>
    public static void DataStoreView(ActionContext ctx, JsonObject r)
    {
        if (!ctx.Options.DataStorePlugin) return;
        if (FakeCkanStore.Str(r, "url_type") == "datastore") r["url"] = $"{ctx.SiteUrl}/datastore/dump/{r["id"]}";
        r["datastore_active"] ??= false;
    }

    /// <summary>The dataset dicts listed by organization_show/group_show include_datasets: no lists of children.</summary>
    public static JsonObject DatasetSummary(ActionContext ctx, JsonObject stored)
    {
        var d = Dataset(ctx, stored);
        foreach (var key in new[] { "tags", "extras", "groups", "resources" }) d.Remove(key);
        return d;
    }

    /// <summary>The 10-key organization dict embedded in package_show.</summary>
    public static JsonObject OrganizationSummary(JsonObject org) => new()
    {
        ["id"] = org["id"]?.DeepClone(),
        ["name"] = org["name"]?.DeepClone(),
        ["title"] = org["title"]?.DeepClone(),
        ["type"] = org["type"]?.DeepClone(),
        ["description"] = org["description"]?.DeepClone(),
        ["image_url"] = org["image_url"]?.DeepClone(),
        ["created"] = org["created"]?.DeepClone(),
        ["is_organization"] = org["is_organization"]?.DeepClone(),
        ["approval_status"] = org["approval_status"]?.DeepClone(),
        ["state"] = org["state"]?.DeepClone(),
    };

    /// <summary>organization_show / group_show, and the all_fields rows of the list actions.</summary>
    public static JsonObject Group(ActionContext ctx, JsonObject g, bool includeUsers, bool includeExtras, bool listRow = false, bool includeGroups = false)
    {
        var o = new JsonObject();
        foreach (var key in new[] { "approval_status", "created", "description", "id", "image_url", "is_organization", "name", "state", "title", "type" })
            o[key] = g[key]?.DeepClone();
        o["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(g, "title")) ? g["name"]?.DeepClone() : g["title"]?.DeepClone();
        // An uploaded image is stored by name and shown under /uploads/group/; a link is shown as it is.
        o["image_display_url"] = FakeCkanStore.Str(g, "image_url") is { Length: > 0 } image && !image.Contains("://", StringComparison.Ordinal)
            ? $"{ctx.SiteUrl}/uploads/group/{image}"
            : g["image_url"]?.DeepClone();
        o["num_followers"] = 0;
        o["package_count"] = DatasetCount(ctx, g);
        if (listRow && !includeUsers && !includeExtras) return o;
        if (includeExtras)
        {
            var extras = new JsonArray();
            foreach (var e in (g["extras"] as JsonArray ?? []).OfType<JsonObject>().OrderBy(e => FakeCkanStore.Str(e, "key"), StringComparer.Ordinal))
                extras.Add(ctx.Legacy || ctx.AtLeast(2, 9)
                    ? new JsonObject { ["group_id"] = g["id"]?.DeepClone(), ["id"] = StableId(g, e), ["key"] = e["key"]?.DeepClone(), ["state"] = "active", ["value"] = e["value"]?.DeepClone() }
                    : new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() });
            o["extras"] = extras;
        }
        if (includeUsers)
        {
            var users = new JsonArray();
            foreach (var m in (g["members"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var user = ctx.Store.FindUser(FakeCkanStore.Str(m, "user_id") ?? "");
                if (user is null || FakeCkanStore.Str(user, "state") == "deleted") continue;
                var u = PublicUser(ctx, user);
                u["capacity"] = m["capacity"]?.DeepClone();
                users.Add(u);
            }
            o["users"] = users;
        }
        if (ctx.Options.DataGovUkPlugin && FakeCkanStore.IsOrg(g))
            foreach (var (key, value) in g)
                if (!o.ContainsKey(key) && key is not ("members" or "member_groups" or "extras")) o[key] = value?.DeepClone();
        if (!listRow || includeGroups) o["groups"] = MemberGroups(ctx, g);
        if (listRow) return o;
        o["tags"] = new JsonArray();
        return o;
    }

    /// <summary>group_list_dictize of the groups this group lists: whole group dicts, with the member row's capacity.</summary>
    private static JsonArray MemberGroups(ActionContext ctx, JsonObject g) =>
        new((g["member_groups"] as JsonArray ?? []).Select(id => ctx.Store.FindGroup(id?.ToString() ?? "", FakeCkanStore.IsOrg(g)))
            .Where(p => p is not null && FakeCkanStore.Str(p, "state") == "active")
            .Select(p => (JsonNode)new JsonObject
            {
                ["capacity"] = "public",
                ["id"] = p!["id"]?.DeepClone(),
                ["name"] = p["name"]?.DeepClone(),
                ["title"] = p["title"]?.DeepClone(),
                ["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(p, "title")) ? p["name"]?.DeepClone() : p["title"]?.DeepClone(),
                ["image_display_url"] = p["image_url"]?.DeepClone(),
                ["package_count"] = DatasetCount(ctx, p),
            }).ToArray());

    /// <summary>An organization's count includes private datasets for a sysadmin; a group's never does.</summary>
    private static int DatasetCount(ActionContext ctx, JsonObject g)
    {
        return ctx.Store.Counts.Of(ctx.Store, g, FakeCkanStore.IsOrg(g) && ctx.IsSysadmin);
    }

    /// <summary>user_dictize without the private fields (what list and member views show).</summary>
    public static JsonObject PublicUser(ActionContext ctx, JsonObject stored)
    {
        var u = new JsonObject
        {
            ["id"] = stored["id"]?.DeepClone(),
            ["name"] = stored["name"]?.DeepClone(),
            ["fullname"] = stored["fullname"]?.DeepClone(),
            ["created"] = stored["created"]?.DeepClone(),
            ["about"] = stored["about"]?.DeepClone(),
            ["activity_streams_email_notifications"] = false,
            ["sysadmin"] = stored["sysadmin"]?.DeepClone() ?? false,
            ["state"] = stored["state"]?.DeepClone(),
            ["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(stored, "fullname")) ? stored["name"]?.DeepClone() : stored["fullname"]?.DeepClone(),
            ["email_hash"] = Md5(FakeCkanStore.Str(stored, "email") ?? ""),
        };
        if (ctx.Legacy)
        {
            u["openid"] = null;
            u["number_of_edits"] = 0;
            u["number_administered_packages"] = 0;
        }
        else
        {
            // Counts active public datasets only (include_private_and_draft defaults to false).
            u["number_created_packages"] = ctx.Store.Counts.CreatedBy(ctx.Store, FakeCkanStore.Str(stored, "id"));
        }
        if (ctx.AtLeast(2, 9))
        {
            u["image_url"] = stored["image_url"]?.DeepClone();
            u["image_display_url"] = stored["image_url"]?.DeepClone();
        }
        if (ctx.AtLeast(2, 10)) u["last_active"] = stored["last_active"]?.DeepClone();
        return u;
    }

    /// <summary>user_show / user_list rows: email and apikey only for the user themself or a sysadmin.</summary>
    public static JsonObject User(ActionContext ctx, JsonObject stored, bool includePasswordHash)
    {
        var u = PublicUser(ctx, stored);
        var self = ctx.CallerId is { } me && me == FakeCkanStore.Str(stored, "id");
        if (ctx.IsSysadmin || self)
        {
            u["email"] = stored["email"]?.DeepClone();
            u["apikey"] = ctx.AtLeast(2, 9) ? null : stored["apikey"]?.DeepClone();
        }
        if (includePasswordHash && ctx.IsSysadmin && ctx.AtLeast(2, 5, 1))
            u["password_hash"] = stored["password_hash"]?.DeepClone();
        return u;
    }

    private static string StableId(JsonObject g, JsonObject extra) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{g["id"]}/{extra["key"]}"))).ToString();

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text.Trim().ToLowerInvariant())));
}
