using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;

namespace CkanMigrate.Load;

/// <summary>
/// The target's existing records of one kind, read in bulk before loading, so an unchanged record
/// costs no call. Holds ids, names and fingerprints only: a few dozen bytes per record.
/// </summary>
public sealed class TargetIndex(EntityKind kind)
{
    private readonly Dictionary<string, TargetRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> _owners = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count
    {
        get { lock (_gate) return _byId.Count; }
    }

    public TargetRecord Add(JsonObject record)
    {
        var entry = Describe(kind, record);
        Put(entry);
        return entry;
    }

    public void Put(TargetRecord entry)
    {
        lock (_gate)
        {
            // Thousands of datasets share a few organizations: keep one owner set per organization.
            if (entry.Owner is { Count: > 0 } owner)
            {
                var key = string.Join('\n', owner.Order(StringComparer.Ordinal));
                if (_owners.TryGetValue(key, out var shared)) entry = entry with { Owner = shared };
                else _owners[key] = owner;
            }
            _byId[entry.Id] = entry;
            if (entry.Name is { } name) _idByName[name] = entry.Id;
        }
    }

    /// <summary>By id first, then by name (the name may belong to another id on the target).</summary>
    public TargetRecord? Find(string? id, string? name)
    {
        lock (_gate)
        {
            if (id is not null && _byId.TryGetValue(id, out var byId)) return byId;
            if (name is not null && _idByName.TryGetValue(name, out var other) && _byId.TryGetValue(other, out var byName)) return byName;
            return null;
        }
    }

    public static TargetRecord Describe(EntityKind kind, JsonObject record)
    {
        var (full, byMask) = ComparableForm.Fingerprints(kind, record);
        return new TargetRecord(
            RecordForms.Text(record["id"]) ?? RecordForms.Text(record["name"]) ?? "",
            RecordForms.Text(record["name"]),
            full,
            kind is EntityKind.Organizations or EntityKind.Groups ? RepresentationRules.MemberMap(record) : null,
            RecordForms.Text(record["state"]),
            kind is EntityKind.Datasets or EntityKind.HarvestSources ? RepresentationRules.OwnerKeys(record) : null,
            kind is EntityKind.Organizations or EntityKind.Groups ? RecordForms.GroupExtras(record) : null,
            kind is EntityKind.Datasets or EntityKind.HarvestSources ? byMask : null);
    }
}
