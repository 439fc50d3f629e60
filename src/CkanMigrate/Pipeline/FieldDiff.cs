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
internal static class FieldDiff
{
    public static List<(string Field, string? Source, string? Target)> Between(EntityKind kind, JsonObject source, JsonObject target)
    {
        var diffs = new List<(string, string?, string?)>();
        var withoutFilled = ComparableForm.FilledMask(source); // ServerFillsWhenAbsent
        Walk("", ComparableForm.Of(kind, source, withoutFilled), ComparableForm.Of(kind, target, withoutFilled), diffs);

        // The fields compared apart, each by its rule (ComparedApart), as load compares them, but naming every difference.
        var owner = ComparedApart.Owner;
        if (owner.AppliesTo(kind) && !owner.Agrees(owner.Of(source), owner.Of(target)))
            diffs.Add((owner.Field, string.Join(" / ", owner.Of(source).Order(StringComparer.Ordinal)), string.Join(" / ", owner.Of(target).Order(StringComparer.Ordinal))));
        var members = ComparedApart.Members;
        if (members.AppliesTo(kind))
            foreach (var (name, wanted, held) in members.Missing(members.Of(source), members.Of(target)))
                diffs.Add(($"{members.Field}[{name}]", wanted, held));
        var extras = ComparedApart.GroupExtras;
        if (extras.AppliesTo(kind) && !extras.Agrees(extras.Wanted(source), extras.Canonical(target)))
            Walk(extras.Field, RepresentationRules.ExtrasByKey(source["extras"]), RepresentationRules.ExtrasByKey(target["extras"]), diffs);
        var parents = ComparedApart.Parents;
        if (parents.AppliesTo(kind))
        {
            // verify lists every parent the target lacks: it is not there, whatever the reason.
            var held = parents.Of(target).ToHashSet(StringComparer.Ordinal);
            var wanted = parents.Of(source);
            foreach (var parent in parents.Missing(wanted, held).Order(StringComparer.Ordinal)) diffs.Add(($"{parents.Field}[{parent}]", "parent", null));
            foreach (var parent in held.Except(wanted).Order(StringComparer.Ordinal)) diffs.Add(($"{parents.Field}[{parent}]", null, "parent"));
        }
        var hash = ComparedApart.PasswordHash;
        if (hash.AppliesTo(kind) && !hash.Agrees(hash.Of(source), hash.Of(target)))
            diffs.Add((hash.Field, "(the source's hash)", target["password_hash"] is null ? null : "(another hash)"));
        return diffs;
    }

    /// <summary>A digest of everything <see cref="Between"/> looks at, so equal records need not be read twice.</summary>
    public static ulong Digest(EntityKind kind, JsonObject record)
    {
        var whole = new JsonObject
        {
            ["form"] = ComparableForm.Of(kind, record),
            ["owner"] = string.Join("\n", ComparedApart.Owner.Of(record).Order(StringComparer.Ordinal)),
            ["members"] = string.Join("\n", ComparedApart.Members.Of(record).Select(m => $"{m.Key}={m.Value}").Order(StringComparer.Ordinal)),
            ["extras"] = ComparedApart.GroupExtras.Canonical(record),
            ["parents"] = string.Join("\n", ComparedApart.Parents.Of(record).Order(StringComparer.Ordinal)),
            ["hash"] = ComparedApart.PasswordHash.DigestForm(record),
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
