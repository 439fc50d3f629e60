using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Vocabularies;

/// <summary>
/// Vocabularies into a target: the target's read once (vocabulary_list is one call), each matched by
/// name; a new one created without an id (vocabulary_create refuses one), one that lacks tags updated
/// with the source's tags and the target's own (vocabulary_update replaces the list, and a tag a
/// dataset uses cannot go), those kept named in the note.
/// </summary>
internal sealed class VocabulariesWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private Dictionary<string, JsonObject> _byName = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Writes => _writes.Counts;

    public async Task PrepareAsync(CancellationToken ct)
    {
        var listed = await target.Client.CallAsync("vocabulary_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        _byName = listed.OfType<JsonObject>().Where(v => JsonText.NonEmpty(v["name"]) is not null)
            .ToDictionary(v => JsonText.NonEmpty(v["name"])!, StringComparer.Ordinal);
    }

    public string? CannotHold(JsonObject record) => null;

    public Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct) =>
        Task.FromResult(_byName.TryGetValue(JsonText.NonEmpty(record["name"]) ?? "", out var existing) ? new PortalMatch(existing) : PortalMatch.None);

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        var tags = VocabulariesKind.TagNames(record);
        if (existing is null)
        {
            await target.Client.CallAsync("vocabulary_create", new JsonObject { ["name"] = JsonText.NonEmpty(record["name"]), ["tags"] = Tags(tags) }, ct).ConfigureAwait(false);
            _writes.Add("vocabularies created");
            return new PortalWrite(LoadOutcome.Created);
        }
        var kept = VocabulariesKind.TagNames(existing);
        kept.ExceptWith(tags);
        tags.UnionWith(kept);
        await target.Client.CallAsync("vocabulary_update", new JsonObject { ["id"] = existing["id"]?.DeepClone(), ["name"] = JsonText.NonEmpty(record["name"]), ["tags"] = Tags(tags) }, ct).ConfigureAwait(false);
        _writes.Add("vocabularies updated");
        return new PortalWrite(LoadOutcome.Updated, kept.Count == 0 ? null
            : $"kept {kept.Count} tag(s) the source's vocabulary does not have ({string.Join(", ", kept)}): the target's own, or still on its datasets");
    }

    private static JsonArray Tags(IEnumerable<string> names) => new(names.Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
}
