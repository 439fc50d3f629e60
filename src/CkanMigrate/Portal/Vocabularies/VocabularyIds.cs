using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Portal.Vocabularies;

/// <summary>
/// The one place a dataset's vocabulary tags are moved from the source's vocabularies to the
/// target's. A tag names its vocabulary by id (package_create refuses a name: "Tag vocabulary was
/// not found.", recorded), and vocabulary ids differ between sites (vocabulary_create refuses an id),
/// so each tag's vocabulary_id is rewritten: source id → the vocabulary's name (the source's
/// vocabularies dump) → the target's id of that name. The datasets load applies it to each record
/// before comparing and writing (so an unchanged dataset stays unchanged), and verify to each source
/// dataset before comparing.
/// </summary>
internal sealed class VocabularyIds
{
    private readonly Dictionary<string, string> _sourceNames;
    private readonly Dictionary<string, string> _targetIds;
    private readonly bool _planning;

    private VocabularyIds(Dictionary<string, string> sourceNames, Dictionary<string, string> targetIds, bool planning)
    {
        _sourceNames = sourceNames;
        _targetIds = targetIds;
        _planning = planning;
    }

    /// <summary>From the source's vocabularies (a dump file) to those of a target site (one vocabulary_list).</summary>
    /// <param name="planning">a dry run: vocabularies the run would make are not on the target yet, and their tags pass as they are</param>
    public static async Task<VocabularyIds> ForSiteAsync(string sourceVocabularies, CkanClient target, bool planning, CancellationToken ct)
    {
        var listed = await target.CallAsync("vocabulary_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        return new VocabularyIds(await ByIdAsync(sourceVocabularies, ct).ConfigureAwait(false), ByName(listed.OfType<JsonObject>()), planning);
    }

    /// <summary>Between two vocabularies files (verify: the source's and the target's dumps).</summary>
    public static async Task<VocabularyIds> BetweenFilesAsync(string sourceVocabularies, string? targetVocabularies, CancellationToken ct)
    {
        var target = new List<JsonObject>();
        if (targetVocabularies is not null) await foreach (var v in ReadAsync(targetVocabularies, ct).ConfigureAwait(false)) target.Add(v);
        return new VocabularyIds(await ByIdAsync(sourceVocabularies, ct).ConfigureAwait(false), ByName(target), planning: true);
    }

    /// <summary>Rewrites the record's vocabulary tags to the target's vocabulary ids; the reason when one's vocabulary is not on the target, else null.</summary>
    public string? Apply(JsonObject record)
    {
        if (record["tags"] is not JsonArray tags) return null;
        foreach (var tag in tags.OfType<JsonObject>())
        {
            if (JsonText.NonEmpty(tag["vocabulary_id"]) is not { } sourceId || _targetIds.ContainsValue(sourceId) && !_sourceNames.ContainsKey(sourceId)) continue;
            var name = _sourceNames.GetValueOrDefault(sourceId);
            if (name is not null && _targetIds.TryGetValue(name, out var targetId))
            {
                tag["vocabulary_id"] = targetId;
                continue;
            }
            if (_planning) continue;
            return name is null
                ? $"tag '{JsonText.NonEmpty(tag["name"])}' is in vocabulary {sourceId}, which is not among the source's vocabularies: dump and load vocabularies with the datasets"
                : $"tag '{JsonText.NonEmpty(tag["name"])}' is in vocabulary '{name}', which is not on the target: load vocabularies first";
        }
        return null;
    }

    private static async Task<Dictionary<string, string>> ByIdAsync(string vocabularies, CancellationToken ct)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var v in ReadAsync(vocabularies, ct).ConfigureAwait(false))
            if (JsonText.NonEmpty(v["id"]) is { } id && JsonText.NonEmpty(v["name"]) is { } name) byId[id] = name;
        return byId;
    }

    private static Dictionary<string, string> ByName(IEnumerable<JsonObject> vocabularies)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in vocabularies)
            if (JsonText.NonEmpty(v["id"]) is { } id && JsonText.NonEmpty(v["name"]) is { } name) byName[name] = id;
        return byName;
    }

    private static async IAsyncEnumerable<JsonObject> ReadAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in JsonLinesReader.ReadAsync(path, ct).ConfigureAwait(false))
            if (!line.IsBlank && line.TryParseObject(out var v, out _)) yield return v!;
    }
}
