using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Ids;

/// <summary>
/// Where a record of each kind holds ids, and of which table: the one list the rewrite follows
/// (<see cref="TargetIds"/>). A reference by name (a dataset's groups, an organization's members and
/// parents) needs no rewriting: only an entry named by id alone is. A dataset's owner_org is an id
/// only when it is its organization's id (it may be a name); otherwise the loader tries the name,
/// then the derived id, when the target does not know it.
/// </summary>
internal static class IdReferences
{
    /// <summary>One place a record holds an id: how to read it, how to write the new one, and its table.</summary>
    internal sealed record Reference(IdKind Kind, Func<JsonObject, IEnumerable<(string Id, Action<string> Set)>> Find);

    public static IReadOnlyList<Reference> Of(EntityKind kind) => ByKind.GetValueOrDefault(kind, []);

    private static Reference Own(IdKind kind) => new(kind, r => Field(r, "id"));

    private static readonly Reference Resources = new(IdKind.Resource, r =>
        (r["resources"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(resource => Field(resource, "id")));

    private static readonly Reference OwnerOrganization = new(IdKind.Group, r =>
        r["organization"] is JsonObject org && Text(org["id"]) is { } orgId && Text(r["owner_org"]) == orgId ? Field(r, "owner_org") : []);

    /// <summary>Entries of a list named by id alone (an entry with a name is written by its name).</summary>
    private static Reference ByIdOnly(string list, IdKind kind) => new(kind, r =>
        (r[list] as JsonArray ?? []).OfType<JsonObject>().Where(e => Text(e["name"]) is null).SelectMany(e => Field(e, "id")));

    private static IEnumerable<(string, Action<string>)> Field(JsonObject owner, string field) =>
        Text(owner[field]) is { } id ? [(id, value => owner[field] = value)] : [];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    // Last: static fields are set in the order they are written, and this one uses those above.
    private static readonly Dictionary<EntityKind, Reference[]> ByKind = new()
    {
        [EntityKind.Datasets] = [Own(IdKind.Package), Resources, OwnerOrganization, ByIdOnly("groups", IdKind.Group)],
        // A harvest source's own id is never sent (the harvest create schema drops ids): only its owner.
        [EntityKind.HarvestSources] = [OwnerOrganization],
        [EntityKind.Organizations] = [Own(IdKind.Group), ByIdOnly("groups", IdKind.Group), ByIdOnly("users", IdKind.User)],
        [EntityKind.Groups] = [Own(IdKind.Group), ByIdOnly("groups", IdKind.Group), ByIdOnly("users", IdKind.User)],
        [EntityKind.Users] = [Own(IdKind.User)],
    };
}
