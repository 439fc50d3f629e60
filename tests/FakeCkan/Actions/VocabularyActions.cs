using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Tag vocabularies (vocabulary_list/show/create/update/delete, tag_create in a vocabulary, tag_list)
/// as CKAN 2.10 / 2.11 answer them: sysadmins only for writes, a vocabulary found by id or name,
/// a delete while it still has tags fails with a 500 (the tags' foreign key). How datasets use
/// vocabulary tags is <see cref="VocabularyTags"/>'s.
/// </summary>
internal static class VocabularyActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["vocabulary_list"] = new(ctx => new JsonArray(ctx.Store.Portal.Vocabularies.Select(v => (JsonNode)Render(v)).ToArray()), true);
        actions["vocabulary_show"] = new(ctx => Render(Existing(ctx)), true);
        actions["vocabulary_create"] = new(Create, false);
        actions["vocabulary_update"] = new(Update, false);
        actions["vocabulary_delete"] = new(Delete, false);
        actions["tag_create"] = new(TagCreate, false);
        actions["tag_list"] = new(TagList, true);
        VocabularyTags.Register(actions);
    }

    /// <summary>vocabulary_dictize: tags with their vocabulary id and display name, in the order they joined.</summary>
    public static JsonObject Render(JsonObject vocabulary) => new()
    {
        ["id"] = vocabulary["id"]?.DeepClone(),
        ["name"] = vocabulary["name"]?.DeepClone(),
        ["tags"] = new JsonArray((vocabulary["tags"] as JsonArray ?? []).OfType<JsonObject>().Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t["id"]?.DeepClone(),
            ["name"] = t["name"]?.DeepClone(),
            ["vocabulary_id"] = vocabulary["id"]?.DeepClone(),
            ["display_name"] = t["name"]?.DeepClone(),
        }).ToArray()),
    };

    /// <summary>A vocabulary by id or name (callers hold Gate).</summary>
    public static JsonObject? Find(ActionContext ctx, string? idOrName) =>
        idOrName is null ? null : ctx.Store.Portal.Vocabularies.FirstOrDefault(v => FakeCkanStore.Str(v, "id") == idOrName)
                                  ?? ctx.Store.Portal.Vocabularies.FirstOrDefault(v => FakeCkanStore.Str(v, "name") == idOrName);

    private static JsonObject Existing(ActionContext ctx)
    {
        var id = ctx.Str("id");
        if (string.IsNullOrEmpty(id)) throw CkanActionException.Validation(new JsonObject { ["id"] = "id not in data" });
        return Find(ctx, id) ?? throw CkanActionException.NotFound($"Not found: Could not find vocabulary \"{id}\"");
    }

    private static JsonNode Create(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var errors = new Validation.Errors();
        if (ctx.Params.ContainsKey("id")) errors.Add("id", "The input field id was not expected.");
        var name = ctx.Str("name");
        CheckName(ctx, errors, name, null);
        CheckTags(errors, ctx.Params["tags"]);
        errors.ThrowIfAny();
        var vocabulary = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = name, ["tags"] = new JsonArray() };
        ctx.Store.Portal.Vocabularies.Add(vocabulary);
        SaveTags(ctx, vocabulary, ctx.Params["tags"] as JsonArray);
        return Render(vocabulary);
    }

    /// <summary>A new name if one is sent; tags, if sent, replace the vocabulary's (a tag still on a dataset cannot go: 500).</summary>
    private static JsonNode Update(ActionContext ctx)
    {
        var vocabulary = Existing(ctx);
        ctx.RequireSysadmin();
        var errors = new Validation.Errors();
        var name = ctx.Str("name");
        if (name is not null && name != FakeCkanStore.Str(vocabulary, "name")) CheckName(ctx, errors, name, vocabulary);
        CheckTags(errors, ctx.Params["tags"]);
        errors.ThrowIfAny();
        if (name is not null) vocabulary["name"] = name;
        if (ctx.Params["tags"] is JsonArray tags) SaveTags(ctx, vocabulary, tags);
        return Render(vocabulary);
    }

    private static JsonNode? Delete(ActionContext ctx)
    {
        var vocabulary = Existing(ctx);
        ctx.RequireSysadmin();
        if ((vocabulary["tags"] as JsonArray)?.Count > 0) throw CkanActionException.Internal(); // tag.vocabulary_id's foreign key
        ctx.Store.Portal.Vocabularies.Remove(vocabulary);
        return null;
    }

    private static JsonNode TagCreate(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var errors = new Validation.Errors();
        var name = ctx.Str("name") ?? "";
        foreach (var message in TagNameErrors(name)) errors.Add("name", message);
        if (ctx.Params.ContainsKey("id")) errors.Add("id", "The input field id was not expected.");
        var vocabulary = Find(ctx, ctx.Str("vocabulary_id"));
        if (string.IsNullOrEmpty(ctx.Str("vocabulary_id"))) errors.Add("vocabulary_id", "Missing value");
        else if (vocabulary is null) errors.Add("vocabulary_id", "Tag vocabulary was not found.");
        else if (VocabularyTags.Tag(vocabulary, name) is not null)
            errors.Add("vocabulary_id", $"Tag {name} already belongs to vocabulary {vocabulary["id"]}");
        errors.ThrowIfAny();
        var tag = VocabularyTags.Join(vocabulary!, name);
        return new JsonObject
        {
            ["id"] = tag["id"]?.DeepClone(),
            ["name"] = name,
            ["vocabulary_id"] = vocabulary!["id"]?.DeepClone(),
            ["display_name"] = name,
            ["packages"] = new JsonArray(),
        };
    }

    /// <summary>tag_list: a vocabulary's tags (by id or name), else the free tags on datasets; query filters by substring.</summary>
    private static JsonNode TagList(ActionContext ctx)
    {
        IEnumerable<(string? Id, string Name, string? Vocabulary)> tags;
        if (ctx.Str("vocabulary_id") is { Length: > 0 } vocabularyId)
        {
            var vocabulary = Find(ctx, vocabularyId);
            tags = (vocabulary?["tags"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(t => (FakeCkanStore.Str(t, "id"), FakeCkanStore.Str(t, "name") ?? "", FakeCkanStore.Str(vocabulary, "id")));
        }
        else
        {
            tags = ctx.Store.Datasets.Values.SelectMany(d => (d["tags"] as JsonArray ?? []).OfType<JsonObject>())
                .Where(t => t["vocabulary_id"] is null)
                .Select(t => (FakeCkanStore.Str(t, "id"), FakeCkanStore.Str(t, "name") ?? "", (string?)null))
                .DistinctBy(t => t.Item2, StringComparer.Ordinal);
        }
        if ((ctx.Str("query") ?? ctx.Str("q"))?.Trim() is { Length: > 0 } query)
            tags = tags.Where(t => t.Name.Contains(query, StringComparison.OrdinalIgnoreCase));
        return new JsonArray(tags.Select(t => ctx.Bool("all_fields", false)
            ? (JsonNode)new JsonObject { ["id"] = t.Id, ["name"] = t.Name, ["vocabulary_id"] = t.Vocabulary, ["display_name"] = t.Name }
            : t.Name).ToArray());
    }

    private static void CheckName(ActionContext ctx, Validation.Errors errors, string? name, JsonObject? self)
    {
        if (string.IsNullOrEmpty(name)) errors.Add("name", "Missing value");
        else if (name.Length < 2) errors.Add("name", "Name must be at least 2 characters long");
        else if (name.Length > 100) errors.Add("name", "Name must be a maximum of 100 characters long");
        else if (ctx.Store.Portal.Vocabularies.Any(v => v != self && FakeCkanStore.Str(v, "name") == name))
            errors.Add("name", "That vocabulary name is already in use.");
    }

    private static void CheckTags(Validation.Errors errors, JsonNode? tags)
    {
        if (tags is not JsonArray list) return;
        var items = new JsonArray();
        var any = false;
        foreach (var tag in list)
        {
            var messages = TagNameErrors(FakeCkanStore.Str(tag as JsonObject, "name") ?? "");
            any |= messages.Count > 0;
            items.Add(messages.Count > 0 ? new JsonObject { ["name"] = new JsonArray(messages.Select(m => (JsonNode)m).ToArray()) } : new JsonObject());
        }
        if (any) errors.Set("tags", items);
    }

    /// <summary>tag_length_validator and tag_name_validator.</summary>
    private static List<string> TagNameErrors(string name)
    {
        if (name.Length == 0) return ["Missing value"];
        var messages = new List<string>();
        if (name.Length < 2) messages.Add($"Tag \"{name}\" length is less than minimum 2");
        else if (name.Length > 100) messages.Add($"Tag \"{name}\" length is more than maximum 100");
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, @"^[\w \-.]*$"))
            messages.Add($"Tag \"{name}\" can only contain alphanumeric characters, spaces (\" \"), hyphens (\"-\"), underscores (\"_\") or dots (\".\")");
        return messages;
    }

    /// <summary>vocabulary_tag_list_save: tags not sent go, new ones join (a tag still on a dataset cannot go: 500).</summary>
    private static void SaveTags(ActionContext ctx, JsonObject vocabulary, JsonArray? tags)
    {
        if (tags is null) return;
        var wanted = tags.OfType<JsonObject>().Select(t => FakeCkanStore.Str(t, "name") ?? "").ToList();
        var list = (JsonArray)vocabulary["tags"]!;
        foreach (var gone in list.OfType<JsonObject>().Where(t => !wanted.Contains(FakeCkanStore.Str(t, "name") ?? "")).ToList())
        {
            if (VocabularyTags.InUse(ctx, FakeCkanStore.Str(gone, "id"))) throw CkanActionException.Internal(); // package_tag's foreign key
            list.Remove(gone);
        }
        foreach (var name in wanted) VocabularyTags.Join(vocabulary, name);
    }
}
