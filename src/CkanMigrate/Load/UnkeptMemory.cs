using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Load;

/// <summary>
/// The top-level fields a target has been seen not to keep (its schema drops them: a profile's
/// fields on a stock CKAN). They are left out when deciding whether a record is unchanged, so that a
/// field no write can store does not make its record "updated" on every run; each is still reported
/// as not kept when a record is written, and verify still lists it. A write whose answer keeps one
/// of them again (the target's schema changed) takes it off the list.
/// </summary>
internal sealed class UnkeptMemory
{
    private readonly ConcurrentDictionary<string, byte> _fields = new(StringComparer.Ordinal);

    public UnkeptMemory(IEnumerable<string> fields)
    {
        foreach (var field in fields) _fields[field] = 0;
    }

    public IReadOnlyList<string> Fields => _fields.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The record as it is compared: without the fields the target does not keep.</summary>
    public JsonObject Without(JsonObject record)
    {
        if (_fields.IsEmpty || !record.Any(p => _fields.ContainsKey(p.Key))) return record;
        var copy = new JsonObject();
        foreach (var (key, value) in record)
            if (!_fields.ContainsKey(key)) copy[key] = value?.DeepClone();
        return copy;
    }

    /// <summary>What a write taught: fields sent and dropped join the list; fields sent with a value and shown back with one leave it.</summary>
    public void Learn(JsonObject sent, JsonObject answer, IReadOnlyList<string> lost)
    {
        foreach (var field in lost.Where(f => !f.Contains('.', StringComparison.Ordinal))) _fields[field] = 0;
        foreach (var (key, value) in sent)
            if (_fields.ContainsKey(key) && !Comparison.RepresentationRules.IsEmpty(value) && !Comparison.RepresentationRules.IsEmpty(answer[key]))
                _fields.TryRemove(key, out _);
    }

    /// <summary>The memory of one kind in a run's file (<c>target-unkept.json</c>: kind → fields).</summary>
    public static UnkeptMemory Read(string path, EntityKind kind)
    {
        if (!File.Exists(path)) return new UnkeptMemory([]);
        try
        {
            var fields = JsonNode.Parse(File.ReadAllText(path))?[EntityDescriptor.For(kind).CliName] as JsonArray ?? [];
            return new UnkeptMemory(fields.Select(f => f?.GetValue<string>()).OfType<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return new UnkeptMemory([]); // unreadable: compare everything (a write too many, never one too few)
        }
    }

    public void Save(string path, EntityKind kind)
    {
        JsonObject all;
        try
        {
            all = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        }
        catch (JsonException)
        {
            all = [];
        }
        all[EntityDescriptor.For(kind).CliName] = new JsonArray(Fields.Select(f => (JsonNode)f).ToArray());
        var temp = path + ".tmp";
        File.WriteAllText(temp, all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }
}
