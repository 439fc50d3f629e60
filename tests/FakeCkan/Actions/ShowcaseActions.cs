using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// ckanext-showcase 1.8's showcases, datasets of type "showcase" (checked against its
/// logic/action and schema): create through package_create's auth (no organization needed by the
/// schema, but a non-sysadmin still needs create rights in some organization) refusing an id;
/// update reads image_url unconditionally (500 without it) and replaces everything else; delete
/// purges. Showcases are left out of package_search unless its fq names dataset_type:showcase,
/// and package_show shows them through the extension's schema. Links and admins:
/// <see cref="ShowcaseLinkActions"/>.
/// </summary>
internal static class ShowcaseActions
{
    public static void Register(IDictionary<string, ActionHandler> actions, FakeCkanOptions options)
    {
        if (!options.ShowcasePlugin) return;
        actions["ckanext_showcase_create"] = new(ctx => Create(ctx, actions), false);
        actions["ckanext_showcase_update"] = new(ctx => Update(ctx, actions), false);
        actions["ckanext_showcase_delete"] = new(Delete, false);
        actions["ckanext_showcase_show"] = new(ctx => actions["package_show"].Run(ctx), true);
        actions["ckanext_showcase_list"] = new(ctx => new JsonArray(ctx.Store.Datasets.Values
            .Where(d => ShowcaseRender.IsShowcase(d) && FakeCkanStore.Str(d, "state") == "active")
            .Select(d => (JsonNode)ShowcaseRender.Dictized(ctx, d)).ToArray()), true);
        ShowcaseLinkActions.Register(actions);
        ActionWrapping.Around(actions, "package_show", (ctx, inner) =>
        {
            var result = inner(ctx);
            return result is JsonObject shown && ShowcaseRender.IsShowcase(shown) ? ShowcaseRender.AfterShow(ctx, ShowcaseRender.Validated(shown)) : result;
        });
        ActionWrapping.Around(actions, "package_search", (ctx, inner) =>
        {
            // before_dataset_search: unless the query already names the type, showcases are filtered out.
            var fq = ctx.Str("fq") ?? "";
            if (!fq.Contains("dataset_type:showcase", StringComparison.Ordinal)) ctx.Params["fq"] = fq + " -dataset_type:showcase";
            var result = inner(ctx);
            if (!ctx.Params.ContainsKey("fl") && result?["results"] is JsonArray found)
                for (var i = 0; i < found.Count; i++)
                    if (found[i] is JsonObject d && ShowcaseRender.IsShowcase(d)) found[i] = ShowcaseRender.Validated(d);
            return result;
        });
    }

    private static JsonNode? Create(ActionContext ctx, IDictionary<string, ActionHandler> actions)
    {
        // package_create's auth: with create_unowned_dataset off, a user needs create rights in some organization.
        if (!ctx.IsSysadmin && !CreatesInSomeOrganization(ctx))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to create packages");
        var input = (JsonObject)ctx.Params.DeepClone();
        if (PortalUploads.Store(ctx, "showcase", "image_upload") is { } stored) input["image_url"] = stored;
        var errors = new Validation.Errors();
        if (input.ContainsKey("id")) errors.Add("id", "The input field id was not expected.");
        var row = Build(ctx, input, existing: null, errors);
        errors.ThrowIfAny();
        var now = ctx.Store.Now();
        row["id"] = Guid.NewGuid().ToString();
        row["metadata_created"] = now;
        row["metadata_modified"] = now;
        row["creator_user_id"] = ctx.CallerId;
        ctx.Store.PutDataset(row);
        ActivityRecorder.PackageChanged(ctx, FakeCkanStore.Str(row, "id"), "new");
        return actions["package_show"].Run(ActionWrapping.With(ctx, new JsonObject { ["id"] = row["id"]!.DeepClone() }));
    }

    private static JsonNode? Update(ActionContext ctx, IDictionary<string, ActionHandler> actions)
    {
        if (!ctx.Params.ContainsKey("image_url")) throw CkanActionException.Internal(); // showcase_update reads data_dict['image_url']
        var key = ctx.Str("id") ?? ctx.Str("name") ?? "";
        var existing = ctx.Store.FindDataset(key) ?? throw CkanActionException.NotFound("Not found: Package was not found.");
        if (!DatasetPermissions.CanEdit(ctx, existing))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit package {existing["id"]}");
        var input = (JsonObject)ctx.Params.DeepClone();
        if (PortalUploads.Store(ctx, "showcase", "image_upload") is { } stored) input["image_url"] = stored;
        var errors = new Validation.Errors();
        if (FakeCkanStore.Str(input, "id") is { } id && id != FakeCkanStore.Str(existing, "id") && id != FakeCkanStore.Str(existing, "name"))
            errors.Add("id", "Cannot change value of key from " + existing["id"] + " to " + id + ". This key is read-only");
        var row = Build(ctx, input, existing, errors);
        errors.ThrowIfAny();
        foreach (var kept in new[] { "id", "metadata_created", "creator_user_id" }) row[kept] = existing[kept]?.DeepClone();
        row["metadata_modified"] = ctx.Store.Now();
        ctx.Store.PutDataset(row);
        ActivityRecorder.PackageChanged(ctx, FakeCkanStore.Str(row, "id"), "changed");
        return actions["package_show"].Run(ActionWrapping.With(ctx, new JsonObject { ["id"] = row["id"]!.DeepClone() }));
    }

    /// <summary>showcase_delete: any package found by id or name is purged (the extension does not check its type), links with it.</summary>
    private static JsonNode? Delete(ActionContext ctx)
    {
        GetOrBust.Require(ctx, "id");
        var dataset = ctx.Store.FindDataset(ctx.Str("id")!) ?? throw CkanActionException.NotFound();
        if (!ctx.IsSysadmin && !ShowcaseLinkActions.IsShowcaseAdmin(ctx)) throw CkanActionException.NotAuthorized();
        var id = FakeCkanStore.Str(dataset, "id")!;
        ctx.Store.Datasets.Remove(id);
        ctx.Store.Reindex(id);
        ctx.Store.Portal.ShowcaseDatasets.RemoveAll(l => l.ShowcaseId == id || l.PackageId == id);
        return null;
    }

    /// <summary>The showcase schema: its fields only (the rest are dropped), image_url kept as an extra; a full replace on update.</summary>
    private static JsonObject Build(ActionContext ctx, JsonObject input, JsonObject? existing, Validation.Errors errors)
    {
        var name = FakeCkanStore.Str(input, "name") ?? FakeCkanStore.Str(existing, "name");
        Validation.Name(errors, name);
        if (name is not null && !errors.Any && ctx.Store.FindDataset(name) is { } holder && holder != existing && FakeCkanStore.Str(holder, "state") != "deleted")
            errors.Add("name", "That URL is already in use.");
        if (FakeCkanStore.Str(input, "url") is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            errors.Add("url", "Please provide a valid URL");
        // tag_string_convert (the schema's tag_string, what a form sends): its comma-separated names join the tags given.
        if (FakeCkanStore.Str(input, "tag_string") is { } tagString)
        {
            var tags = input["tags"] as JsonArray ?? [];
            foreach (var tag in tagString.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0)) tags.Add(new JsonObject { ["name"] = tag });
            input["tags"] = tags;
        }
        Validation.Tags(errors, input["tags"], input);
        var row = new JsonObject
        {
            ["name"] = name,
            ["title"] = FakeCkanStore.Str(input, "title") is { Length: > 0 } title ? title : existing is not null && !input.ContainsKey("title") ? existing["title"]?.DeepClone() : name,
            ["type"] = "showcase",
            ["state"] = ctx.IsSysadmin && FakeCkanStore.Str(input, "state") is { Length: > 0 } state ? state : existing?["state"]?.DeepClone() ?? "active",
            ["private"] = false,
            ["owner_org"] = null,
        };
        foreach (var column in new[] { "author", "author_email", "notes", "url" }) row[column] = input[column]?.DeepClone();
        foreach (var column in new[] { "maintainer", "maintainer_email", "license_id", "license_title", "version" }) row[column] = null;
        row["isopen"] = false;
        row["tags"] = new JsonArray((input["tags"] as JsonArray ?? []).OfType<JsonObject>()
            .OrderBy(t => FakeCkanStore.Str(t, "name"), StringComparer.Ordinal)
            .Select(t => (JsonNode)new JsonObject
            {
                ["display_name"] = t["name"]?.DeepClone(),
                ["id"] = DatasetWriteActions.TagId(FakeCkanStore.Str(t, "name") ?? ""),
                ["name"] = t["name"]?.DeepClone(),
                ["state"] = "active",
                ["vocabulary_id"] = t["vocabulary_id"]?.DeepClone(),
            }).ToArray());
        var extras = (input["extras"] as JsonArray ?? []).OfType<JsonObject>().Where(e => e["value"] is not null && FakeCkanStore.Str(e, "key") != "image_url")
            .Select(e => new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]!.ToString() }).ToList();
        if (input["image_url"] is { } image) extras.Add(new JsonObject { ["key"] = "image_url", ["value"] = image.ToString() });
        row["extras"] = new JsonArray(extras.OrderBy(e => FakeCkanStore.Str(e, "key"), StringComparer.Ordinal).Select(e => (JsonNode)e).ToArray());
        row["resources"] = new JsonArray();
        row["groups"] = new JsonArray();
        row["relationships_as_subject"] = new JsonArray();
        row["relationships_as_object"] = new JsonArray();
        return row;
    }

    private static bool CreatesInSomeOrganization(ActionContext ctx) =>
        ctx.CallerId is { } me && ctx.Store.Groups.Values.Any(g => FakeCkanStore.IsOrg(g) && FakeCkanStore.Str(g, "state") == "active"
            && (g["members"] as JsonArray ?? []).OfType<JsonObject>().Any(m => FakeCkanStore.Str(m, "user_id") == me && FakeCkanStore.Str(m, "capacity") is "admin" or "editor"));
}
