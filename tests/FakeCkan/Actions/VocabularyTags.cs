using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// Vocabulary tags on datasets: <c>tags: [{name, vocabulary_id}]</c> where vocabulary_id must be the
/// vocabulary's id (its name is "Tag vocabulary was not found."); a name not yet in the vocabulary
/// joins it; the dataset shows the vocabulary's tag id. Tags replace the list wholesale, so a patch
/// with only free tags drops the vocabulary ones. Solr indexes them as vocab_&lt;name&gt;.
/// </summary>
internal static class VocabularyTags
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        foreach (var name in new[] { "package_create", "package_update", "package_patch" })
            ActionWrapping.Around(actions, name, (ctx, inner) =>
            {
                CheckVocabularies(ctx, ctx.Params["tags"]);
                var result = inner(ctx);
                if (result is JsonObject shown && ctx.Store.FindDataset(FakeCkanStore.Str(shown, "id") ?? "") is { } stored && Attach(ctx, stored))
                {
                    ctx.Store.Reindex(FakeCkanStore.Str(stored, "id")!);
                    shown["tags"] = stored["tags"]?.DeepClone();
                }
                return result;
            });
        // The resource actions re-save the whole dataset (tags included) without going through package_update here.
        foreach (var name in new[] { "resource_create", "resource_update", "resource_patch" })
            ActionWrapping.Around(actions, name, (ctx, inner) =>
            {
                var result = inner(ctx);
                if (ctx.Store.FindDataset(FakeCkanStore.Str(result as JsonObject, "package_id") ?? "") is { } stored && Attach(ctx, stored))
                    ctx.Store.Reindex(FakeCkanStore.Str(stored, "id")!);
                return result;
            });
    }

    /// <summary>vocabulary_id_exists, by id only: one error dict per tag (empty for the good ones).</summary>
    private static void CheckVocabularies(ActionContext ctx, JsonNode? tags)
    {
        if (tags is not JsonArray list) return;
        var items = new JsonArray();
        var any = false;
        foreach (var tag in list)
        {
            var vocabularyId = FakeCkanStore.Str(tag as JsonObject, "vocabulary_id");
            var unknown = !string.IsNullOrEmpty(vocabularyId) && !ctx.Store.Portal.Vocabularies.Any(v => FakeCkanStore.Str(v, "id") == vocabularyId);
            any |= unknown;
            items.Add(unknown ? new JsonObject { ["vocabulary_id"] = new JsonArray("Tag vocabulary was not found.") } : new JsonObject());
        }
        if (any) throw CkanActionException.Validation(new JsonObject { ["tags"] = items });
    }

    /// <summary>Gives the stored dataset's vocabulary tags their vocabulary's tag ids, adding new names to it.</summary>
    private static bool Attach(ActionContext ctx, JsonObject dataset)
    {
        var changed = false;
        foreach (var tag in (dataset["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (VocabularyActions.Find(ctx, FakeCkanStore.Str(tag, "vocabulary_id")) is not { } vocabulary) continue;
            var joined = Join(vocabulary, FakeCkanStore.Str(tag, "name") ?? "");
            tag["id"] = joined["id"]!.DeepClone();
            changed = true;
        }
        return changed;
    }

    public static JsonObject? Tag(JsonObject vocabulary, string name) =>
        (vocabulary["tags"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(t => FakeCkanStore.Str(t, "name") == name);

    /// <summary>The vocabulary's tag of that name, made if it is not there yet.</summary>
    public static JsonObject Join(JsonObject vocabulary, string name)
    {
        if (Tag(vocabulary, name) is { } existing) return existing;
        var tag = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = name };
        ((JsonArray)vocabulary["tags"]!).Add(tag);
        return tag;
    }

    /// <summary>Whether any dataset (deleted ones too: their package_tag rows stay) carries the tag.</summary>
    public static bool InUse(ActionContext ctx, string? tagId) =>
        ctx.Store.Datasets.Values.Any(d => (d["tags"] as JsonArray ?? []).OfType<JsonObject>().Any(t => FakeCkanStore.Str(t, "id") == tagId));

    /// <summary>The Solr field vocab_&lt;vocabulary name&gt;: the dataset's tags of that vocabulary, by name.</summary>
    public static Func<JsonObject, bool> Matches(ActionContext ctx, string vocabularyName, string value)
    {
        var vocabularyId = FakeCkanStore.Str(VocabularyActions.Find(ctx, vocabularyName) is { } v && FakeCkanStore.Str(v, "name") == vocabularyName ? v : null, "id");
        return d => vocabularyId is not null && (d["tags"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(t => FakeCkanStore.Str(t, "vocabulary_id") == vocabularyId && (value == "*" || FakeCkanStore.Str(t, "name") == value));
    }
}
