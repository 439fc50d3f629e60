using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// ckanext-showcase's links between a showcase and its datasets and its admin list (checked against
/// 1.8's logic/action, schema and auth): links by id or name of the right type ("Not found:
/// Dataset" otherwise), a duplicate refused with the model's message; admins managed and listed by
/// sysadmins only; an unknown user on admin_add is a bare 404.
/// </summary>
internal static class ShowcaseLinkActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["ckanext_showcase_package_association_create"] = new(AssociationCreate, false);
        actions["ckanext_showcase_package_association_delete"] = new(AssociationDelete, false);
        actions["ckanext_showcase_package_list"] = new(PackageList, true);
        actions["ckanext_package_showcase_list"] = new(ShowcaseList, true);
        actions["ckanext_showcase_admin_add"] = new(AdminAdd, false);
        actions["ckanext_showcase_admin_remove"] = new(AdminRemove, false);
        actions["ckanext_showcase_admin_list"] = new(AdminList, true);
    }

    public static bool IsShowcaseAdmin(ActionContext ctx) => ctx.CallerId is { } me && ctx.Store.Portal.ShowcaseAdmins.Contains(me);

    private static JsonNode AssociationCreate(ActionContext ctx)
    {
        if (!ctx.IsSysadmin && !IsShowcaseAdmin(ctx)) throw CkanActionException.NotAuthorized();
        var (packageId, showcaseId) = Link(ctx);
        if (ctx.Store.Portal.ShowcaseDatasets.Contains((showcaseId, packageId)))
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"ShowcasePackageAssociation with package_id '{packageId}' and showcase_id '{showcaseId}' already exists." });
        ctx.Store.Portal.ShowcaseDatasets.Add((showcaseId, packageId));
        return new JsonObject { ["package_id"] = packageId, ["showcase_id"] = showcaseId };
    }

    private static JsonNode? AssociationDelete(ActionContext ctx)
    {
        if (!ctx.IsSysadmin && !IsShowcaseAdmin(ctx)) throw CkanActionException.NotAuthorized();
        var (packageId, showcaseId) = Link(ctx);
        if (!ctx.Store.Portal.ShowcaseDatasets.Remove((showcaseId, packageId)))
            throw CkanActionException.NotFound($"Not found: ShowcasePackageAssociation with package_id '{packageId}' and showcase_id '{showcaseId}' doesn't exist.");
        return null;
    }

    /// <summary>The datasets of a showcase as package_search answers (the dataset dicts the index holds).</summary>
    private static JsonNode PackageList(ActionContext ctx)
    {
        var errors = new Validation.Errors();
        var showcaseId = Typed(ctx, errors, "showcase_id", "showcase");
        errors.ThrowIfAny();
        return new JsonArray(ShowcaseRender.Datasets(ctx, showcaseId).Select(d => (JsonNode)Render.Dataset(ctx, d)).ToArray());
    }

    /// <summary>The showcases a dataset is in, as package_search answers with fq=dataset_type:showcase (the schema's view, no extras added).</summary>
    private static JsonNode ShowcaseList(ActionContext ctx)
    {
        var errors = new Validation.Errors();
        var packageId = Typed(ctx, errors, "package_id", "dataset");
        errors.ThrowIfAny();
        var showcases = ctx.Store.Portal.ShowcaseDatasets.Where(l => l.PackageId == packageId).Select(l => l.ShowcaseId).ToHashSet(StringComparer.Ordinal);
        return new JsonArray(ctx.Store.IndexedDatasets
            .Where(d => showcases.Contains(FakeCkanStore.Str(d, "id") ?? "") && Search.IsActivePublic(d))
            .OrderByDescending(d => FakeCkanStore.Str(d, "metadata_modified"), StringComparer.Ordinal).Take(ShowcaseRender.Rows)
            .Select(d => (JsonNode)ShowcaseRender.Validated(Render.Dataset(ctx, d))).ToArray());
    }

    private static JsonNode AdminAdd(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        if (string.IsNullOrEmpty(ctx.Str("username"))) throw CkanActionException.Validation(new JsonObject { ["username"] = "Missing value" });
        var user = ctx.Store.FindUser(ctx.Str("username")!) ?? throw CkanActionException.NotFound();
        var id = FakeCkanStore.Str(user, "id")!;
        if (ctx.Store.Portal.ShowcaseAdmins.Contains(id))
            throw CkanActionException.Validation(new JsonObject { ["message"] = $"ShowcaseAdmin with user_id '{id}' already exists." });
        ctx.Store.Portal.ShowcaseAdmins.Add(id);
        return new JsonObject { ["user_id"] = id };
    }

    private static JsonNode? AdminRemove(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var name = ctx.Str("username");
        if (string.IsNullOrEmpty(name)) throw CkanActionException.Validation("username", "Missing value");
        var user = ctx.Store.FindUser(name) ?? throw CkanActionException.Validation("username", "Not found: User");
        var id = FakeCkanStore.Str(user, "id")!;
        if (!ctx.Store.Portal.ShowcaseAdmins.Remove(id))
            throw CkanActionException.NotFound($"Not found: ShowcaseAdmin with user_id '{id}' doesn't exist.");
        return null;
    }

    /// <summary>Active admins as {name, id}.</summary>
    private static JsonNode AdminList(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        return new JsonArray(ctx.Store.Portal.ShowcaseAdmins.Select(id => ctx.Store.FindUser(id))
            .Where(u => u is not null && FakeCkanStore.Str(u, "state") == "active")
            .Select(u => (JsonNode)new JsonObject { ["name"] = u!["name"]?.DeepClone(), ["id"] = u["id"]?.DeepClone() }).ToArray());
    }

    private static (string PackageId, string ShowcaseId) Link(ActionContext ctx)
    {
        var errors = new Validation.Errors();
        var packageId = Typed(ctx, errors, "package_id", "dataset");
        var showcaseId = Typed(ctx, errors, "showcase_id", "showcase");
        errors.ThrowIfAny();
        return (packageId!, showcaseId!);
    }

    /// <summary>convert_package_name_or_id_to_id_for_type: a package of that type by id, then by name.</summary>
    private static string? Typed(ActionContext ctx, Validation.Errors errors, string field, string type)
    {
        var value = ctx.Str(field);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "Missing value");
            return null;
        }
        var found = ctx.Store.FindDataset(value) is { } d && FakeCkanStore.Str(d, "type") == type ? d : null;
        if (found is null) errors.Add(field, "Not found: Dataset");
        return FakeCkanStore.Str(found, "id");
    }
}
