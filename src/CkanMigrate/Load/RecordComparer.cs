using System.Text.Json.Nodes;
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
    public static bool Same(EntityKind kind, JsonObject record, TargetRecord existing)
    {
        if (RecordForms.Fingerprint(kind, record) != existing.Fingerprint) return false;
        if (existing.Owner is { } owner)
        {
            var wanted = RecordForms.OwnerKeys(record);
            if (wanted.Count == 0 ? owner.Count > 0 : !wanted.Overlaps(owner)) return false;
        }
        if (kind is not (EntityKind.Organizations or EntityKind.Groups)) return true;
        if (record["extras"] is JsonArray { Count: > 0 } && RecordForms.GroupExtras(record) != existing.Extras) return false;
        if (record["users"] is not JsonArray) return true;
        var members = existing.Members ?? new Dictionary<string, string>();
        return RecordForms.MemberMap(record).All(m => members.TryGetValue(m.Key, out var capacity) && capacity == m.Value);
    }

    /// <summary>The top-level fields whose comparable values differ, for a field-level report.</summary>
    public static List<(string Field, string? Source, string? Target)> Differences(EntityKind kind, JsonObject source, JsonObject target)
    {
        var a = RecordForms.Comparable(kind, source);
        var b = RecordForms.Comparable(kind, target);
        var diffs = new List<(string, string?, string?)>();
        foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var left = a[key]?.ToJsonString();
            var right = b[key]?.ToJsonString();
            if (left != right) diffs.Add((key, Shorten(left), Shorten(right)));
        }
        var owner = RecordForms.OwnerKeys(source);
        var targetOwner = RecordForms.OwnerKeys(target);
        if (kind is EntityKind.Datasets or EntityKind.HarvestSources && (owner.Count > 0 || targetOwner.Count > 0) && !owner.Overlaps(targetOwner))
            diffs.Add(("owner_org", string.Join(" / ", owner), string.Join(" / ", targetOwner)));
        if (kind is EntityKind.Organizations or EntityKind.Groups)
        {
            var members = RecordForms.MemberMap(target);
            foreach (var (name, capacity) in RecordForms.MemberMap(source))
                if (!members.TryGetValue(name, out var actual) || actual != capacity)
                    diffs.Add(($"users[{name}]", capacity, actual));
            if (source["extras"] is JsonArray { Count: > 0 } && RecordForms.GroupExtras(source) != RecordForms.GroupExtras(target))
                diffs.Add(("extras", Shorten(RecordForms.GroupExtras(source)), Shorten(RecordForms.GroupExtras(target))));
        }
        return diffs;
    }

    private static string? Shorten(string? text) => text is { Length: > 200 } ? text[..200] + "…" : text;
}
