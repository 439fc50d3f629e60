using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;

namespace CkanMigrate.Load;

/// <summary>
/// Load's comparer: whether a record and what the target index keeps of its copy are the same for
/// migration purposes — equal comparable forms, then the fields compared apart, each by its rule
/// (<see cref="ComparedApart"/>): the same organization however named, the record's extras when it
/// has some, the record's members holding its roles.
/// </summary>
internal static class RecordComparer
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
        if (existing.Owner is { } owner && !ComparedApart.Owner.Agrees(ComparedApart.Owner.Of(record), owner)) return false;
        if (!ComparedApart.GroupExtras.AppliesTo(kind)) return true;
        if (!ComparedApart.GroupExtras.Agrees(ComparedApart.GroupExtras.Wanted(record), existing.Extras)) return false;
        return membersApart || MissingMembers(record, existing).Count == 0;
    }

    /// <summary>
    /// The members the record lists that the target's copy does not hold in the record's role
    /// (MembersByContainment). Whether each can be held at all — its user may not be on the target —
    /// is the loader's to ask.
    /// </summary>
    public static IReadOnlyList<string> MissingMembers(JsonObject record, TargetRecord existing) =>
        ComparedApart.Members.Missing(ComparedApart.Members.Of(record), existing.Members ?? new Dictionary<string, string>()).Select(m => m.Name).ToList();
}
