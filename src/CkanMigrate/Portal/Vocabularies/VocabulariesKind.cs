using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Vocabularies;

/// <summary>
/// Tag vocabularies, as vocabulary_list gives them ({id, name, tags}). vocabulary_create refuses an
/// id, so a vocabulary has another id on every site and is matched by name; the datasets' tags that
/// name it by id are translated on the way in (<see cref="VocabularyIds"/>). Compared by name and
/// tag names (CKAN keeps tags in the order they joined, which means nothing).
/// </summary>
internal sealed class VocabulariesKind : PortalKind
{
    public override string CliName => "vocabularies";

    public override string RecordName => "a tag vocabulary (name, tags)";

    internal override (string[] Has, string[] Never) Fields => (["name", "tags"], ["resources", "package_id", "owner_org", "type", "is_organization", "users", "email"]);

    internal override string Listing => "vocabulary_list";

    internal override Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) => Task.FromResult<string?>(null);

    internal override async IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var listed = await request.Client.CallAsync("vocabulary_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        var wanted = request.Keys.ToHashSet(StringComparer.Ordinal);
        var vocabularies = listed.OfType<JsonObject>()
            .Where(v => wanted.Count == 0 || wanted.Contains(JsonText.NonEmpty(v["name"]) ?? "") || wanted.Contains(JsonText.NonEmpty(v["id"]) ?? ""))
            .OrderBy(v => JsonText.NonEmpty(v["name"]), StringComparer.Ordinal).ToList();
        request.Progress.SetTotal(vocabularies.Count);
        foreach (var vocabulary in vocabularies)
            yield return DumpItem.Ok(JsonText.NonEmpty(vocabulary["name"]) ?? "", (JsonObject)vocabulary.DeepClone());
    }

    internal override (string? Id, string? Name) KeyOf(JsonObject record) => (JsonText.NonEmpty(record["id"]), JsonText.NonEmpty(record["name"]));

    internal override JsonObject Comparable(JsonObject record) => new()
    {
        ["name"] = JsonText.NonEmpty(record["name"]),
        ["tags"] = new JsonArray(TagNames(record).Select(t => (JsonNode)t).ToArray()),
    };

    /// <summary>
    /// Every tag of the record is in the target's vocabulary. Tags only the target has are kept by the
    /// load (CKAN cannot remove a tag a dataset still uses: a 500, recorded), so they do not make the
    /// record differ here; verify, which compares whole forms, lists them.
    /// </summary>
    internal override bool Holds(JsonObject record, JsonObject existing) =>
        JsonText.NonEmpty(record["name"]) == JsonText.NonEmpty(existing["name"]) && TagNames(record).IsSubsetOf(TagNames(existing));

    internal override IPortalWriter Writer(PortalTarget target) => new VocabulariesWriter(target);

    public static SortedSet<string> TagNames(JsonObject record) =>
        new((record["tags"] as JsonArray ?? []).Select(t => t is JsonObject o ? JsonText.NonEmpty(o["name"]) : JsonText.NonEmpty(t)).OfType<string>(), StringComparer.Ordinal);
}
