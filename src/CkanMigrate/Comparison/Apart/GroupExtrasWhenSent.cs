using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Comparison;

/// <summary>GroupExtrasWhenSent: CKAN 2.8+ keeps an organization's or group's extras when a patch sends none, so they count only when the record has some.</summary>
internal sealed class GroupExtrasWhenSent : IComparedApart
{
    public string Field => "extras";

    public string Rule => "GroupExtrasWhenSent (organizations, groups): CKAN 2.8+ keeps a group's extras when a patch sends none";

    public bool AppliesTo(EntityKind kind) => kind is EntityKind.Organizations or EntityKind.Groups;

    /// <summary>The extras as one canonical string ("" for none): what the target is known by.</summary>
    public string Canonical(JsonObject record) =>
        System.Text.Encoding.UTF8.GetString(JsonLineFormat.ToLineBytes(RepresentationRules.ExtrasByKey(record["extras"]))).TrimEnd('\n');

    /// <summary>The extras a record asks for: null when it has none (then the target's stand).</summary>
    public string? Wanted(JsonObject record) => record["extras"] is JsonArray { Count: > 0 } ? Canonical(record) : null;

    public bool Agrees(string? wanted, string? held) => wanted is null || wanted == held;
}
