using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// ParentsTheTargetHas: an organization's or group's parents (its <c>groups</c>) count where the
/// target has such a group; one it lacks cannot be linked, so it is reported as not kept when the
/// record is written rather than making the record "updated" on every run. verify lists every parent.
/// </summary>
internal sealed class ParentsTheTargetHas : IComparedApart
{
    public string Field => "groups";

    public string Rule => "ParentsTheTargetHas (organizations, groups): a parent counts where the target has it; one it lacks cannot be linked, and is reported as not kept rather than written again every run";

    public bool AppliesTo(EntityKind kind) => kind is EntityKind.Organizations or EntityKind.Groups;

    /// <summary>The parents a record names (by name, else id), each once.</summary>
    public IReadOnlyList<string> Of(JsonObject? record) =>
        (record?["groups"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(g => JsonText.NonEmpty(g["name"]) ?? JsonText.NonEmpty(g["id"])).OfType<string>().Distinct().ToList();

    /// <summary>The parents wanted that the target's record does not list.</summary>
    public IEnumerable<string> Missing(IReadOnlyList<string> wanted, IReadOnlySet<string>? held) => wanted.Where(p => held?.Contains(p) != true);
}
