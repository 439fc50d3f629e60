using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;

namespace CkanMigrate.Load;

/// <summary>
/// The target's existing records of one kind, read in bulk before loading, so an unchanged record
/// costs no call. Datasets and harvest sources, the kinds a portal has by the hundred thousand, are
/// kept as 64-byte <see cref="CompactEntry"/> structs in a <see cref="DigestTable{T}"/>: the id as
/// a UUID, id and name as 64-bit digests, the fingerprints as digests, owners and states shared; no
/// object per record (what a record costs is in docs/benchmarks.md, "memory"; past
/// <see cref="IndexMemory.BudgetBytes"/> the table spills to disk). Users, organizations and groups
/// keep whole <see cref="TargetRecord"/>s: they carry members and extras, and are few.
/// </summary>
internal sealed class TargetIndex(EntityKind kind) : IDisposable
{
    private readonly bool _compact = kind is EntityKind.Datasets or EntityKind.HarvestSources;
    private readonly Dictionary<string, TargetRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly DigestTable<CompactEntry> _entries = new(bySecond: true);
    private readonly Dictionary<ulong, string> _idsNotUuids = [];
    private readonly SharedValues<IReadOnlySet<string>> _owners = new(set => string.Join('\n', set.Order(StringComparer.Ordinal)));
    private readonly SharedValues<string> _states = new(state => state);
    private readonly Lock _gate = new();
    private static readonly IReadOnlySet<string> NoOwner = new HashSet<string>();

    public long Count
    {
        get { lock (_gate) return _compact ? _entries.Count : _byId.Count; }
    }

    /// <summary>What the index holds in memory, by its own count (the compact entries and their lookups).</summary>
    public long MemoryBytes
    {
        get { lock (_gate) return _entries.MemoryBytes; }
    }

    /// <summary>How many times the compact entries went to disk (0 while they fit the memory budget).</summary>
    public int Spills
    {
        get { lock (_gate) return _entries.Spills; }
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
                if (id is not null && _entries.TryGet(CompactEntry.KeyOf(CompactEntry.Held(id, out _)), out var byId)) return Expand(byId, null);
                if (name is not null && _entries.TryGetBySecond(KeyDigest.Of(name), out var named)) return Expand(named, name);
                return null;
            }
            if (id is not null && _byId.TryGetValue(id, out var found)) return found;
            if (name is not null && _idByName.TryGetValue(name, out var other) && _byId.TryGetValue(other, out var byName)) return byName;
            return null;
        }
    }

    public static TargetRecord Describe(EntityKind kind, JsonObject record)
    {
        var (full, byMask) = ComparableForm.Fingerprints(kind, record);
        return new TargetRecord(
            JsonText.Text(record["id"]) ?? JsonText.Text(record["name"]) ?? "",
            JsonText.Text(record["name"]),
            full,
            kind is EntityKind.Organizations or EntityKind.Groups ? ComparedApart.Members.Of(record) : null,
            JsonText.Text(record["state"]),
            kind is EntityKind.Datasets or EntityKind.HarvestSources ? ComparedApart.Owner.Of(record) : null,
            kind is EntityKind.Organizations or EntityKind.Groups ? ComparedApart.GroupExtras.Canonical(record) : null,
            kind is EntityKind.Datasets or EntityKind.HarvestSources ? byMask : null,
            kind is EntityKind.Organizations or EntityKind.Groups ? ComparedApart.Parents.Of(record).ToHashSet(StringComparer.Ordinal) : null);
    }

    private void PutCompact(TargetRecord entry)
    {
        var id = CompactEntry.Held(entry.Id, out var isUuid);
        if (!isUuid) _idsNotUuids[CompactEntry.KeyOf(id)] = entry.Id;
        _entries.Put(CompactEntry.Of(entry, id, entry.Name is { } name ? KeyDigest.Of(name) : 0,
            entry.Owner is { Count: > 0 } owner ? _owners.Index(owner) : -1, entry.State is { } state ? (short)_states.Index(state) : (short)-1));
    }

    /// <summary>The entry as the loader reads it. The name is known only when it was what matched.</summary>
    private TargetRecord Expand(in CompactEntry e, string? name)
    {
        var id = _idsNotUuids.Count > 0 && _idsNotUuids.TryGetValue(e.Key, out var odd) ? odd : e.Id.ToString("D");
        return new TargetRecord(id, name, e.Full, null, e.State < 0 ? null : _states[e.State],
            e.Owner < 0 ? NoOwner : _owners[e.Owner], null, e.Variants());
    }

    public void Dispose() => _entries.Dispose();
}
