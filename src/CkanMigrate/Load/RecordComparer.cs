using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;

namespace CkanMigrate.Load;

/// <summary>
/// Whether a record and the target's copy of it are the same for migration purposes: equal
/// comparable forms, the same organization however it is named, the record's members holding the
/// record's roles (members it does not list are the target's business), and — for organizations
/// and groups — the record's extras when it has any.
/// </summary>
public static class RecordComparer
{
    /// <param name="membersApart">leave the members to the caller (<see cref="MissingMembers"/>), which can ask whether a missing member's user is on the target at all</param>
    public static bool Same(EntityKind kind, JsonObject record, TargetRecord existing, bool membersApart = false)
    {
        // ServerFillsWhenAbsent: fields no resource of the record has (created, format) are compared without the target's.
        var mask = ComparableForm.FilledMask(record);
        var fingerprint = mask != 0 && existing.FilledVariants is { } variants
            ? ComparableForm.Digest(kind, record, mask) == variants[mask]
            : RecordForms.Fingerprint(kind, record) == existing.Fingerprint;
        if (!fingerprint) return false;
        if (existing.Owner is { } owner)
        {
            var wanted = RepresentationRules.OwnerKeys(record);
            if (wanted.Count == 0 ? owner.Count > 0 : !wanted.Overlaps(owner)) return false;
        }
        if (kind is not (EntityKind.Organizations or EntityKind.Groups)) return true;
        if (record["extras"] is JsonArray { Count: > 0 } && RecordForms.GroupExtras(record) != existing.Extras) return false;
        return membersApart || MissingMembers(record, existing).Count == 0;
    }

    /// <summary>
    /// The members the record lists that the target's copy does not hold in the record's role
    /// (MembersByContainment: members it does not list are the target's business). Whether each can
    /// be held at all — its user may not be on the target — is the loader's to ask.
    /// </summary>
    public static IReadOnlyList<string> MissingMembers(JsonObject record, TargetRecord existing)
    {
        if (record["users"] is not JsonArray) return [];
        var members = existing.Members ?? new Dictionary<string, string>();
        return RepresentationRules.MemberMap(record).Where(m => !members.TryGetValue(m.Key, out var capacity) || capacity != m.Value).Select(m => m.Key).ToList();
    }
}
