using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Comparison;

/// <summary>
/// A record as it is compared: every field it holds except the <see cref="ServerManagedFields"/> of
/// its kind and the few compared apart (<see cref="ComparedApart"/>), with the <see cref="RepresentationRules"/> applied.
/// Two records are the same exactly when their comparable forms are equal and the fields compared
/// apart agree.
/// </summary>
internal static class ComparableForm
{
    private static readonly Dictionary<EntityKind, HashSet<string>> Skipped = EntityDescriptor.InLoadOrder.ToDictionary(
        d => d.Kind,
        d => new HashSet<string>(ServerManagedFields.For(d.Kind).Select(f => f.Name).Concat(ComparedApart.FieldsOf(d.Kind)), StringComparer.Ordinal));

    private static readonly HashSet<string> ResourceSkipped = new(ServerManagedFields.Resource.Select(f => f.Name), StringComparer.Ordinal);

    /// <summary>
    /// The fields a record leaves the server to fill (ServerFillsWhenAbsent), as a mask over
    /// <see cref="ServerManagedFields.ResourceFilledWhenAbsent"/>: bit i when no resource has field i.
    /// Those fields are then left out on both sides; the others are compared.
    /// </summary>
    public static int FilledMask(JsonObject record)
    {
        if (record["resources"] is not JsonArray { Count: > 0 } resources) return 0;
        var mask = 0;
        for (var i = 0; i < FilledFields.Count; i++)
            if (resources.OfType<JsonObject>().All(r => RepresentationRules.IsEmpty(r[FilledFields[i]]))) mask |= 1 << i;
        return mask;
    }

    /// <summary>How many masks there are: one fingerprint per mask is kept for each target record.</summary>
    public static int FilledMasks => 1 << FilledFields.Count;

    /// <param name="withoutFilled">the mask of resource fields to leave out (see <see cref="FilledMask"/>)</param>
    public static JsonObject Of(EntityKind kind, JsonObject record, int withoutFilled = 0)
    {
        var skipped = Skipped[kind];
        var c = new JsonObject();
        foreach (var (key, value) in record)
        {
            if (skipped.Contains(key)) continue;
            c[key] = key switch
            {
                "extras" => RepresentationRules.ExtrasByKey(value),
                "tags" => RepresentationRules.TagsByName(value),
                "groups" => RepresentationRules.GroupsByName(value),
                "resources" when kind is EntityKind.Datasets or EntityKind.HarvestSources => Resources(value, withoutFilled),
                "frequency" when kind == EntityKind.HarvestSources => RepresentationRules.HarvestFrequency(value),
                "config" when kind == EntityKind.HarvestSources => RepresentationRules.HarvestConfig(value),
                "image_url" when kind is EntityKind.Organizations or EntityKind.Groups => RepresentationRules.ImageUrl(value),
                _ => value?.DeepClone(),
            };
        }
        foreach (var (field, fallback) in RepresentationRules.ServerDefaults(kind))
            if (RepresentationRules.IsEmpty(c[field])) c[field] = fallback(record);
        return Canonical(c) as JsonObject ?? new JsonObject();
    }

    /// <summary>A short digest of the comparable form: equal forms, equal fingerprints.</summary>
    public static ulong Fingerprint(EntityKind kind, JsonObject record) => Digest64(Of(kind, record));

    /// <summary>The 64-bit digest of the form without the masked fields: what a record with that mask is compared by.</summary>
    public static ulong Digest(EntityKind kind, JsonObject record, int withoutFilled) => Digest64(Of(kind, record, withoutFilled));

    /// <summary>
    /// What a target record is matched by: its fingerprint as stored, and a digest for each mask of
    /// filled fields left out (index = mask), from one build of the form. Null when the form holds no
    /// resources: every mask then gives the stored form.
    /// </summary>
    public static (ulong Full, ulong[]? ByMask) Fingerprints(EntityKind kind, JsonObject record)
    {
        var form = Of(kind, record);
        var full = Digest64(form);
        if (form["resources"] is not JsonArray) return (full, null);
        var byMask = new ulong[FilledMasks];
        for (var mask = 0; mask < byMask.Length; mask++)
        {
            var variant = (JsonObject)form.DeepClone();
            var resources = (JsonArray)variant["resources"]!;
            for (var i = 0; i < resources.Count; i++)
            {
                if (resources[i] is not JsonObject r) continue;
                for (var f = 0; f < FilledFields.Count; f++)
                    if ((mask & (1 << f)) != 0) r.Remove(FilledFields[f]);
                if (r.Count == 0) resources[i] = JsonValue.Create(""); // as Canonical writes an empty resource
            }
            byMask[mask] = Digest64(variant);
        }
        return (full, byMask);
    }

    private static ulong Digest64(JsonObject form) => BitConverter.ToUInt64(SHA256.HashData(JsonLineFormat.ToLineBytes(form)));

    private static readonly IReadOnlyList<string> FilledFields = ServerManagedFields.ResourceFilledWhenAbsent.Select(f => f.Name).ToList();

    private static JsonArray Resources(JsonNode? resources, int withoutFilled)
    {
        var list = new JsonArray();
        foreach (var node in resources as JsonArray ?? [])
        {
            if (node is not JsonObject r)
            {
                list.Add(node?.DeepClone());
                continue;
            }
            var rc = new JsonObject();
            var upload = JsonText.Text(r["url_type"]) == "upload";
            foreach (var (key, value) in r)
                if (!ResourceSkipped.Contains(key) && !IsMasked(key, withoutFilled))
                    rc[key] = upload && key == "url" ? RepresentationRules.UploadUrl(value) : value?.DeepClone();
            list.Add(rc);
        }
        return list;
    }

    private static bool IsMasked(string key, int mask)
    {
        for (var f = 0; f < FilledFields.Count; f++)
            if ((mask & (1 << f)) != 0 && FilledFields[f] == key) return true;
        return false;
    }

    /// <summary>
    /// EmptyEqualsMissing and NumbersAsText, everywhere; object keys in ordinal order so the bytes are
    /// canonical; list order kept (it means something). The portal kinds' forms use it too.
    /// </summary>
    internal static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (Canonical(v) is { } cv) result[k] = cv;
                return result.Count == 0 ? null : result;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var item in a) items.Add(Canonical(item) ?? JsonValue.Create(""));
                return items.Count == 0 ? null : items;
            default:
                return RepresentationRules.IsEmpty(node) ? null : RepresentationRules.Scalar(node);
        }
    }
}
