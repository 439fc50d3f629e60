using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Pipeline;

/// <summary>
/// verify's own comparison, independent of the loader's fingerprints: both complete records, with
/// only the <see cref="ServerManagedFields"/> left out and CKAN's <see cref="RepresentationRules"/>
/// applied, walked field by field (into resources, extras and lists) to list every difference.
/// </summary>
public static class FieldDiff
{
    public static List<(string Field, string? Source, string? Target)> Between(EntityKind kind, JsonObject source, JsonObject target)
    {
        var diffs = new List<(string, string?, string?)>();
        var withoutFilled = ComparableForm.FilledMask(source); // ServerFillsWhenAbsent
        Walk("", ComparableForm.Of(kind, source, withoutFilled), ComparableForm.Of(kind, target, withoutFilled), diffs);

        if (kind is EntityKind.Datasets or EntityKind.HarvestSources)
        {
            var wanted = RepresentationRules.OwnerKeys(source);
            var actual = RepresentationRules.OwnerKeys(target);
            if ((wanted.Count > 0 || actual.Count > 0) && !wanted.Overlaps(actual))
                diffs.Add(("owner_org", string.Join(" / ", wanted.Order(StringComparer.Ordinal)), string.Join(" / ", actual.Order(StringComparer.Ordinal))));
        }
        if (kind is EntityKind.Organizations or EntityKind.Groups)
        {
            var members = RepresentationRules.MemberMap(target);
            foreach (var (name, capacity) in RepresentationRules.MemberMap(source))
                if (!members.TryGetValue(name, out var held) || held != capacity)
                    diffs.Add(($"users[{name}]", capacity, held));
            if (source["extras"] is JsonArray { Count: > 0 })
                Walk("extras", RepresentationRules.ExtrasByKey(source["extras"]), RepresentationRules.ExtrasByKey(target["extras"]), diffs);
            var parents = Load.ParentLinks.Wanted(target).ToHashSet(StringComparer.Ordinal);
            var wantedParents = Load.ParentLinks.Wanted(source).ToHashSet(StringComparer.Ordinal);
            foreach (var parent in wantedParents.Except(parents).Order(StringComparer.Ordinal)) diffs.Add(($"groups[{parent}]", "parent", null));
            foreach (var parent in parents.Except(wantedParents).Order(StringComparer.Ordinal)) diffs.Add(($"groups[{parent}]", null, "parent"));
        }
        if (kind == EntityKind.Users && source["password_hash"] is JsonValue hash && RepresentationRules.Text(hash) is { Length: > 0 } wantedHash
            && !RepresentationRules.SamePasswordHash(wantedHash, RepresentationRules.Text(target["password_hash"])))
            diffs.Add(("password_hash", "(the source's hash)", target["password_hash"] is null ? null : "(another hash)"));
        return diffs;
    }

    /// <summary>A digest of everything <see cref="Between"/> looks at, so equal records need not be read twice.</summary>
    public static ulong Digest(EntityKind kind, JsonObject record)
    {
        var whole = new JsonObject
        {
            ["form"] = ComparableForm.Of(kind, record),
            ["owner"] = string.Join("\n", RepresentationRules.OwnerKeys(record).Order(StringComparer.Ordinal)),
            ["members"] = string.Join("\n", RepresentationRules.MemberMap(record).Select(m => $"{m.Key}={m.Value}").Order(StringComparer.Ordinal)),
            ["extras"] = RepresentationRules.ExtrasByKey(record["extras"]),
            ["parents"] = kind is EntityKind.Organizations or EntityKind.Groups ? string.Join("\n", Load.ParentLinks.Wanted(record).Order(StringComparer.Ordinal)) : null,
            ["hash"] = RepresentationRules.Text(record["password_hash"]) is { } hash && RepresentationRules.IsUnusableHash(hash) ? "(unusable)" : record["password_hash"]?.DeepClone(),
        };
        return BitConverter.ToUInt64(SHA256.HashData(JsonLineFormat.ToLineBytes(whole)));
    }

    /// <summary>Every difference between two comparable forms, field by field (a portal kind's, see <see cref="Portal.PortalComparison"/>).</summary>
    public static List<(string Field, string? Source, string? Target)> Between(JsonObject source, JsonObject target)
    {
        var diffs = new List<(string, string?, string?)>();
        Walk("", source, target, diffs);
        return diffs;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<(string, string?, string?)> diffs)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                    Walk(path.Length == 0 ? key : $"{path}.{key}", x[key], y[key], diffs);
                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++) Walk($"{path}[{i}]", x[i], y[i], diffs);
                break;
            default:
                var left = a?.ToJsonString();
                var right = b?.ToJsonString();
                if (left != right) diffs.Add((path, Shorten(left), Shorten(right)));
                break;
        }
    }

    private static string? Shorten(string? text) => text is { Length: > 200 } ? text[..200] + "…" : text;
}
