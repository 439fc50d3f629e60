using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// MembersByContainment: each member an organization or group record lists must hold the record's
/// role on the target; members the record does not list are the target's own (CKAN adds the creator),
/// except, in a run, users of the source the record does not list: <see cref="Load.MemberRule"/> removes them.
/// </summary>
internal sealed class MembersByContainment : IComparedApart
{
    public string Field => "users";

    public string Rule => "MembersByContainment: each member the record lists must hold its role; others on the target are the target's (the creator is added by CKAN), except, in a run, users of the source the record does not list (MemberRule: removed)";

    public bool AppliesTo(EntityKind kind) => kind is EntityKind.Organizations or EntityKind.Groups;

    /// <summary>User name → lower-case capacity (CKAN lower-cases roles), from a record's users; empty when it lists none.</summary>
    public IReadOnlyDictionary<string, string> Of(JsonObject record) => Of(record["users"]);

    public IReadOnlyDictionary<string, string> Of(JsonNode? users)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in (users as JsonArray ?? []).OfType<JsonObject>())
            if (JsonText.NonEmpty(u["name"] ?? u["id"]) is { } name)
                map[name] = (JsonText.NonEmpty(u["capacity"]) ?? "member").ToLowerInvariant();
        return map;
    }

    /// <summary>The members wanted that the target's do not hold in the wanted role: name, wanted role, role held (null: not a member).</summary>
    public IEnumerable<(string Name, string Wanted, string? Held)> Missing(IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string>? held) =>
        wanted.Where(m => held is null || !held.TryGetValue(m.Key, out var role) || role != m.Value)
            .Select(m => (m.Key, m.Value, held is not null && held.TryGetValue(m.Key, out var role) ? role : null));
}
