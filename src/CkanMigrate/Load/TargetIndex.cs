using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;

namespace CkanMigrate.Load;

/// <summary>
/// The target's existing records of one kind, read in bulk before loading, so an unchanged record
/// costs no call. Datasets and harvest sources, the kinds a portal has by the hundred thousand, are
/// kept as <see cref="CompactEntry"/> structs: the id as a UUID, the name only as a 64-bit digest,
/// the fingerprints as digests, owners and states shared; no string per record (about 110 bytes a
/// record with the two lookups, so a million cost ~110 MB). Users, organizations and groups keep
/// whole <see cref="TargetRecord"/>s: they carry members and extras, and are few.
/// </summary>
public sealed class TargetIndex(EntityKind kind)
{
    private readonly bool _compact = kind is EntityKind.Datasets or EntityKind.HarvestSources;
    private readonly Dictionary<string, TargetRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly List<CompactEntry> _entries = [];
    private readonly Dictionary<ulong, int> _slotById = [];
    private readonly Dictionary<ulong, int> _slotByName = [];
    private readonly Dictionary<int, string> _idsNotUuids = [];
    private readonly SharedValues<IReadOnlySet<string>> _owners = new(set => string.Join('\n', set.Order(StringComparer.Ordinal)));
    private readonly SharedValues<string> _states = new(state => state);
    private readonly Lock _gate = new();
    private static readonly IReadOnlySet<string> NoOwner = new HashSet<string>();

    public int Count
    {
        get { lock (_gate) return _compact ? _entries.Count : _byId.Count; }
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
            if (_compact)
            {
                PutCompact(entry);
                return;
            }
            // Thousands of records share a few owner sets: keep one of each.
            if (entry.Owner is { Count: > 0 } owner) entry = entry with { Owner = _owners[_owners.Index(owner)] };
            _byId[entry.Id] = entry;
            if (entry.Name is { } name) _idByName[name] = entry.Id;
        }
    }

    /// <summary>By id first, then by name (the name may belong to another id on the target).</summary>
    public TargetRecord? Find(string? id, string? name)
    {
        lock (_gate)
        {
            if (_compact)
            {
                if (id is not null && _slotById.TryGetValue(KeyDigest.Of(id), out var slot)) return Expand(slot, null);
                if (name is not null && _slotByName.TryGetValue(KeyDigest.Of(name), out var named)) return Expand(named, name);
                return null;
            }
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

    private void PutCompact(TargetRecord entry)
    {
        var idDigest = KeyDigest.Of(entry.Id);
        if (!_slotById.TryGetValue(idDigest, out var slot))
        {
            slot = _entries.Count;
            _entries.Add(default);
            _slotById[idDigest] = slot;
        }
        var uuid = CompactEntry.AsUuid(entry.Id);
        if (uuid is null) _idsNotUuids[slot] = entry.Id;
        else _idsNotUuids.Remove(slot);
        _entries[slot] = CompactEntry.Of(entry, uuid ?? Guid.Empty,
            entry.Owner is { Count: > 0 } owner ? _owners.Index(owner) : -1, entry.State is { } state ? _states.Index(state) : -1);
        if (entry.Name is { } name) _slotByName[KeyDigest.Of(name)] = slot;
    }

    /// <summary>The entry as the loader reads it. The name is known only when it was what matched.</summary>
    private TargetRecord Expand(int slot, string? name)
    {
        var e = _entries[slot];
        var id = _idsNotUuids.TryGetValue(slot, out var odd) ? odd : e.Id.ToString("D");
        return new TargetRecord(id, name, e.Full, null, e.State < 0 ? null : _states[e.State],
            e.Owner < 0 ? NoOwner : _owners[e.Owner], null, e.Variants());
    }
}
