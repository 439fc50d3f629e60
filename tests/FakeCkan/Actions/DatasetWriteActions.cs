using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// package_create / package_update (full replace) / package_patch (shallow merge) / package_delete
/// (soft), with CKAN's validation, id rules, deleted-name reuse and harvest-source extras.
/// </summary>
internal static class DatasetWriteActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["package_create"] = new(ctx => Create(ctx, ctx.Params), false);
        actions["package_update"] = new(ctx => Update(ctx, ctx.Params, "Not found: Package was not found."), false);
        actions["package_patch"] = new(Patch, false, new Version(2, 3));
        actions["package_delete"] = new(Delete, false);
        actions["dataset_purge"] = new(Purge, false, new Version(2, 5, 1));
    }

    /// <summary>The keys of the default create schema: an extra may not reuse one of these (2.4+).</summary>
    private static readonly HashSet<string> CreateSchemaFields = new(StringComparer.Ordinal)
    {
        "id", "name", "title", "author", "author_email", "maintainer", "maintainer_email", "license_id", "notes", "url",
        "version", "state", "type", "owner_org", "private", "extras", "tags", "tag_string", "resources", "groups",
        "relationships_as_subject", "relationships_as_object", "plugin_data", "log_message", "save", "return_to",
    };

    /// <summary>Fields the server knows (schema and computed): other keys are dropped, or are __junk when lists of dicts.</summary>
    private static readonly HashSet<string> SchemaFields = new(StringComparer.Ordinal)
    {
        "id", "name", "title", "author", "author_email", "maintainer", "maintainer_email", "license_id", "notes", "url",
        "version", "state", "type", "owner_org", "private", "extras", "tags", "tag_string", "resources", "groups",
        "relationships_as_subject", "relationships_as_object", "plugin_data", "log_message", "metadata_created",
        "metadata_modified", "creator_user_id", "num_resources", "num_tags", "isopen", "license_title", "license_url",
        "organization", "revision_id", "tracking_summary",
    };

    private static readonly string[] TextColumns = ["title", "notes", "url", "version", "author", "author_email", "maintainer", "maintainer_email", "license_id"];

    private static readonly string[] HarvestFields = ["source_type", "frequency", "config", "url"];

    private static readonly Dictionary<string, (string Title, string Url, bool Open)> Licenses = new()
    {
        ["cc-by"] = ("Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", true),
        ["uk-ogl"] = ("UK Open Government Licence (OGL)", "http://reference.data.gov.uk/id/open-government-licence", true),
        ["odc-odbl"] = ("Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl", true),
        ["notspecified"] = ("License not specified", "", false),
    };

    internal static JsonNode Create(ActionContext ctx, JsonObject input)
    {
        ctx.RequireUser("create packages");
        GroupAuth.Check(ctx, input["groups"], existing: null);
        var errors = new Validation.Errors();
        var id = FakeCkanStore.Str(input, "id");
        if (ctx.AtLeast(2, 11) && IdRules.Refusal(ctx, input["id"]) is { } refused) errors.Add("id", refused);
        else if (!string.IsNullOrEmpty(id))
        {
            if (ctx.Legacy || !ctx.IsSysadmin) errors.Add("id", IdRules.NotExpected);
            else if (ctx.Store.Datasets.ContainsKey(id)) errors.Add("id", "Dataset id already exists");
        }
        var stored = Build(ctx, input, existing: null, errors);
        var sentModified = Ckan212.SentModified(ctx, input, errors);
        stored["id"] = string.IsNullOrEmpty(id) || errors.Any ? Guid.NewGuid().ToString() : id;
        errors.ThrowIfAny();
        ReleaseDeletedName(ctx, FakeCkanStore.Str(stored, "name")!, FakeCkanStore.Str(stored, "id")!);
        var now = ctx.Store.Now();
        stored["metadata_created"] = now;
        stored["metadata_modified"] = sentModified ?? now;
        stored["creator_user_id"] = ctx.CallerId;
        FinishResources(ctx, stored, now);
        ctx.Store.PutDataset(stored);
        return Render.Dataset(ctx, stored);
    }

    internal static JsonNode Update(ActionContext ctx, JsonObject input, string notFound)
    {
        var key = FakeCkanStore.Str(input, "id") ?? FakeCkanStore.Str(input, "name") ?? "";
        var existing = ctx.Store.FindDataset(key) ?? throw CkanActionException.NotFound(notFound);
        if (!DatasetPermissions.CanEdit(ctx, existing))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit package {FakeCkanStore.Str(existing, "id")}");
        GroupAuth.Check(ctx, input["groups"], existing);
        var errors = new Validation.Errors();
        var stored = Build(ctx, input, existing, errors);
        var sentModified = Ckan212.SentModified(ctx, input, errors);
        errors.ThrowIfAny();
        stored["id"] = existing["id"]!.DeepClone();
        ReleaseDeletedName(ctx, FakeCkanStore.Str(stored, "name")!, FakeCkanStore.Str(stored, "id")!);
        stored["metadata_created"] = existing["metadata_created"]?.DeepClone();
        stored["creator_user_id"] = existing["creator_user_id"]?.DeepClone();
        var now = ctx.Store.Now();
        FinishResources(ctx, stored, now, existing);
        stored["metadata_modified"] = Ckan212.Modified(ctx, sentModified, existing, stored, now);
        ctx.Store.PutDataset(stored);
        return Render.Dataset(ctx, stored);
    }

    private static JsonNode Patch(ActionContext ctx)
    {
        var key = ctx.Str("id") ?? ctx.Str("name") ?? "";
        var existing = ctx.Store.FindDataset(key) ?? throw CkanActionException.NotFound();
        var merged = Render.Dataset(ctx, existing);
        merged.Remove("metadata_modified"); // package_patch drops the shown one: only one sent is kept (2.12)
        foreach (var (k, v) in ctx.Params) merged[k] = v?.DeepClone();
        merged["id"] = existing["id"]!.DeepClone();
        return Update(ctx, merged, "Not found");
    }

    internal static JsonNode? Delete(ActionContext ctx)
    {
        var d = ctx.Store.FindDataset(ctx.RequireId()) ?? throw CkanActionException.NotFound("Not found: Package was not found.");
        if (!ctx.IsSysadmin && FakeCkanStore.Str(d, "creator_user_id") != ctx.CallerId)
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to delete package {FakeCkanStore.Str(d, "id")}");
        d["state"] = "deleted";
        d["metadata_modified"] = ctx.Store.Now();
        ctx.Store.Reindex(FakeCkanStore.Str(d, "id")!);
        return null;
    }

    private static JsonNode? Purge(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var d = ctx.Store.FindDataset(ctx.RequireId()) ?? throw CkanActionException.NotFound("Not found: Dataset was not found");
        ctx.Store.Datasets.Remove(FakeCkanStore.Str(d, "id")!);
        ctx.Store.Reindex(FakeCkanStore.Str(d, "id")!);
        return null;
    }

    /// <summary>2.7+: a deleted dataset does not block its name; it is renamed to its own id.</summary>
    private static void ReleaseDeletedName(ActionContext ctx, string name, string newOwnerId)
    {
        var holder = ctx.Store.FindDataset(name);
        if (holder is null || FakeCkanStore.Str(holder, "id") == newOwnerId) return;
        holder["name"] = holder["id"]!.DeepClone();
        ctx.Store.PutDataset(holder);
    }

    /// <summary>Validates the input and builds the row to store (without id and timestamps).</summary>
    private static JsonObject Build(ActionContext ctx, JsonObject input, JsonObject? existing, Validation.Errors errors)
    {
        var d = new JsonObject();
        var name = FakeCkanStore.Str(input, "name") ?? (existing is null ? null : FakeCkanStore.Str(existing, "name"));
        Validation.Name(errors, name);
        if (name is not null && !errors.Any)
        {
            var holder = ctx.Store.FindDataset(name);
            var blocks = holder is not null && holder != existing
                         && (FakeCkanStore.Str(holder, "state") != "deleted" || !ctx.AtLeast(2, 7));
            if (blocks) errors.Add("name", "That URL is already in use.");
        }
        d["name"] = name;

        // 2.9+: omitted text columns are cleared on update; before, they were kept.
        foreach (var column in TextColumns)
        {
            if (input.ContainsKey(column)) d[column] = input[column]?.DeepClone();
            else d[column] = existing is not null && !ctx.AtLeast(2, 9) ? existing[column]?.DeepClone() : null;
        }
        if (string.IsNullOrEmpty(FakeCkanStore.Str(d, "title"))) d["title"] = name;
        if (ctx.AtLeast(2, 7) && !ctx.Options.DataGovUkPlugin)
        {
            Validation.Email(errors, "author_email", FakeCkanStore.Str(d, "author_email"));
            Validation.Email(errors, "maintainer_email", FakeCkanStore.Str(d, "maintainer_email"));
        }

        // type: forced to the stored one on update (2.3+).
        d["type"] = existing is not null && ctx.AtLeast(2, 3) ? existing["type"]?.DeepClone() : input["type"]?.DeepClone() ?? "dataset";
        var isHarvest = FakeCkanStore.Str(d, "type") == "harvest" && ctx.Options.HarvestPlugin;

        // owner_org: id or name, stored as the id; required from 2.10 (create_unowned_dataset false).
        var ownerGiven = input.ContainsKey("owner_org") ? FakeCkanStore.Str(input, "owner_org") : FakeCkanStore.Str(existing, "owner_org");
        if (string.IsNullOrEmpty(ownerGiven))
        {
            if (ctx.AtLeast(2, 10)) errors.Add("owner_org", "An organization must be provided");
            d["owner_org"] = null;
        }
        else
        {
            var org = ctx.Store.FindGroup(ownerGiven, organization: true);
            if (org is null) errors.Add("owner_org", "Organization does not exist");
            d["owner_org"] = org?["id"]?.DeepClone();
        }

        d["private"] = input.ContainsKey("private") ? AsBool(input["private"]) : existing?["private"]?.DeepClone() ?? false;
        if (AsBool(d["private"]) && d["owner_org"] is null && !errors.Any)
            errors.Add("private", "Datasets with no organization can't be private.");
        // ignore_not_package_admin: a sysadmin sets the state; anyone else only on an update of a dataset they may edit
        // (package_change_state): a create by an organization's editor drops a "draft" to active.
        var mayChangeState = ctx.IsSysadmin || (existing is not null && DatasetPermissions.CanEdit(ctx, existing));
        d["state"] = mayChangeState && FakeCkanStore.Str(input, "state") is { Length: > 0 } state ? state : existing?["state"]?.DeepClone() ?? "active";

        if (input["tags"] is not null and not JsonArray || (input["tags"] as JsonArray)?.Any(t => t is not JsonObject) == true)
        {
            var echo = (JsonObject)input.DeepClone();
            echo["type"] ??= "dataset";
            Validation.Tags(errors, input["tags"], echo);
        }
        Validation.Tags(errors, input["tags"], input);
        d["tags"] = new JsonArray((input["tags"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .OrderBy(t => FakeCkanStore.Str(t, "name"), StringComparer.Ordinal)
            .Select(t => (JsonNode)new JsonObject
            {
                ["display_name"] = t["name"]?.DeepClone(),
                ["id"] = TagId(FakeCkanStore.Str(t, "name") ?? ""),
                ["name"] = t["name"]?.DeepClone(),
                ["state"] = "active",
                ["vocabulary_id"] = t["vocabulary_id"]?.DeepClone(),
            }).ToArray());

        d["extras"] = Extras(ctx, input["extras"], errors, isHarvest);
        d["groups"] = Groups(ctx, input["groups"]);
        d["resources"] = Resources(ctx, input["resources"], existing, errors);
        d["relationships_as_subject"] = new JsonArray();
        d["relationships_as_object"] = new JsonArray();

        if (isHarvest)
        {
            foreach (var field in HarvestFields) d[field] = input[field]?.DeepClone() ?? existing?[field]?.DeepClone();
            HarvestValidation.Check(ctx, d, existing, errors);
        }

        // A list of dicts under a key the schema does not know lands in __junk (409); other unknown keys vanish.
        if (ctx.Options.DataGovUkPlugin)
            foreach (var (key, value) in input)
                if (!SchemaFields.Contains(key) && !d.ContainsKey(key)) d[key] = value?.DeepClone();
        var junk = input.Where(p => !ctx.Options.DataGovUkPlugin && !SchemaFields.Contains(p.Key) && !(isHarvest && HarvestFields.Contains(p.Key))
                                    && p.Value is JsonArray list && list.Count > 0 && list.All(x => x is JsonObject))
            .SelectMany(p => ((JsonArray)p.Value!).Select((item, i) => $"('{p.Key}', {i}, '{((JsonObject)item!).First().Key}')"))
            .ToList();
        if (junk.Count > 0) errors.Add("__junk", $"The input field [{string.Join(", ", junk)}] was not expected.");

        var license = FakeCkanStore.Str(d, "license_id");
        if (license is not null && Licenses.TryGetValue(license, out var known))
        {
            d["license_title"] = known.Title;
            if (known.Url.Length > 0) d["license_url"] = known.Url;
            d["isopen"] = known.Open;
        }
        else
        {
            d["license_title"] = license;
            d["isopen"] = false;
        }
        return d;
    }

    private static bool AsBool(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on",
        _ => false,
    };

    private static JsonArray Extras(ActionContext ctx, JsonNode? input, Validation.Errors errors, bool isHarvest)
    {
        var result = new JsonArray();
        if (input is not JsonArray list) return result;
        var itemErrors = new JsonArray();
        var anyItemError = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            var item = new JsonObject();
            if (node is not JsonObject extra)
            {
                itemErrors.Add(item);
                continue;
            }
            var key = FakeCkanStore.Str(extra, "key") ?? "";
            if (ctx.AtLeast(2, 4) && (CreateSchemaFields.Contains(key) || (isHarvest && HarvestFields.Contains(key))))
            {
                item["key"] = new JsonArray("There is a schema field with the same name");
                anyItemError = true;
            }
            anyItemError |= IdRules.CheckExtra(ctx, extra, item);
            anyItemError |= IdRules.EmptyKey(extra, item);
            itemErrors.Add(item);
            if (!seen.Add(key)) errors.Add("extras_validation", $"Duplicate key \"{key}\"");
            var value = extra["value"];
            if (value is JsonObject) throw CkanActionException.Internal(); // CKAN tries to store a dict: 500
            if (value is null) continue; // a null extra is not saved
            var text = value switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
                JsonArray a => "{" + string.Join(",", a.Select(x => x?.ToString())) + "}",
                _ => value.ToJsonString(),
            };
            result.Add(new JsonObject { ["key"] = key, ["value"] = text });
        }
        if (anyItemError) errors.Set("extras", itemErrors);
        return new JsonArray(result.OfType<JsonObject>().OrderBy(e => FakeCkanStore.Str(e, "key"), StringComparer.Ordinal).Select(e => (JsonNode)e.DeepClone()).ToArray());
    }

    /// <summary>Groups by id or name; unknown groups are silently skipped for a sysadmin.</summary>
    private static JsonArray Groups(ActionContext ctx, JsonNode? input)
    {
        var result = new JsonArray();
        foreach (var g in (input as JsonArray ?? []).OfType<JsonObject>())
        {
            var group = ctx.Store.FindGroup(FakeCkanStore.Str(g, "id") ?? FakeCkanStore.Str(g, "name") ?? "", organization: false);
            if (group is null)
            {
                if (ctx.IsSysadmin) continue;
                throw CkanActionException.NotFound("Not found: Group was not found.");
            }
            result.Add(new JsonObject
            {
                ["description"] = group["description"]?.DeepClone(),
                ["display_name"] = string.IsNullOrEmpty(FakeCkanStore.Str(group, "title")) ? group["name"]?.DeepClone() : group["title"]?.DeepClone(),
                ["id"] = group["id"]?.DeepClone(),
                ["image_display_url"] = group["image_url"]?.DeepClone(),
                ["name"] = group["name"]?.DeepClone(),
                ["title"] = group["title"]?.DeepClone(),
            });
        }
        return result;
    }

    private static readonly string[] ResourceColumns = ["id", "url", "format", "description", "hash", "name", "resource_type", "mimetype", "mimetype_inner", "size", "created", "last_modified", "cache_url", "cache_last_updated", "url_type"];

    private static JsonArray Resources(ActionContext ctx, JsonNode? input, JsonObject? existing, Validation.Errors errors)
    {
        var result = new JsonArray();
        var list = input as JsonArray ?? [];
        var itemErrors = new JsonArray();
        var anyError = false;
        var existingId = FakeCkanStore.Str(existing, "id");
        var inThisDataset = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            var item = new JsonObject();
            var r = node as JsonObject ?? new JsonObject();
            var resource = new JsonObject();
            foreach (var (k, v) in r)
                if (k is not ("package_id" or "position" or "state" or "metadata_modified" or "revision_id" or "tracking_summary"))
                    resource[k] = v?.DeepClone();
            if (FakeCkanStore.Str(r, "id") is { Length: > 0 } rid)
            {
                // Two resources of one dataset with one id pass validation, and the database then
                // refuses two rows with one key: CKAN 2.10 answers 500 (seen loading the dgu sample's
                // local_directgov_services), on every attempt.
                if (!inThisDataset.Add(rid)) throw CkanActionException.Internal();
                if (IdRules.ResourceRefusal(ctx, rid) is { } refused)
                    item["id"] = new JsonArray(refused);
                else if (ctx.AtLeast(2, 10, 1) && ctx.Store.ResourceOwner(rid) is { } holder
                         && FakeCkanStore.Str(holder, "id") != existingId && FakeCkanStore.Str(holder, "state") != "deleted")
                    item["id"] = new JsonArray("Resource id already exists.");
            }
            else
            {
                resource.Remove("id");
            }
            // An upload's URL is stored as its munged file name and shown under this site's download
            // route: a copied source download URL points at the target afterwards (recorded on 2.10).
            if (FakeCkanStore.Str(r, "url_type") == "upload" && FakeCkanStore.Str(r, "url") is { Length: > 0 } uploadUrl)
                resource["url"] = Uploads.Munge(uploadUrl);
            foreach (var dateField in new[] { "created", "last_modified" })
                if (FakeCkanStore.Str(r, dateField) is { Length: > 0 } date)
                {
                    if (!IsoDates.Accepts(ctx, date)) item[dateField] = new JsonArray("Date format incorrect");
                    else if (IsoDates.HasZone(date)) resource[dateField] = IsoDates.Naive(date); // 2.11 keeps no zone
                }
            if (item.Count > 0) anyError = true;
            itemErrors.Add(item);
            result.Add(resource);
        }
        if (anyError) errors.Set("resources", itemErrors);
        return result;
    }

    /// <summary>Server-side resource fields: ids, positions, created, defaults for omitted columns.</summary>
    private static void FinishResources(ActionContext ctx, JsonObject d, string now, JsonObject? existing = null)
    {
        var old = (existing?["resources"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(r => FakeCkanStore.Str(r, "id") ?? "", r => r);
        var position = 0;
        foreach (var r in (d["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var isNew = r["id"] is null; // if_empty_guess_format looks at resources sent without an id only
            r["id"] ??= Guid.NewGuid().ToString();
            var previous = old.GetValueOrDefault(FakeCkanStore.Str(r, "id")!);
            foreach (var column in ResourceColumns) if (!r.ContainsKey(column)) r[column] = null;
            r["url"] ??= "";
            r["hash"] ??= "";
            if (isNew && string.IsNullOrEmpty(FakeCkanStore.Str(r, "format")))
                r["format"] = FakeCkanStore.Str(r, "url") is { } url && url.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "CSV" : "";
            else r["format"] ??= "";
            r["created"] ??= previous?["created"]?.DeepClone() ?? now;
            r["metadata_modified"] = now;
            r["package_id"] = d["id"]!.DeepClone();
            r["position"] = position++;
            r["state"] = "active";
        }
    }

    internal static string TagId(string name) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("tag/" + name))).ToString();
}
