using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// What a target did not keep of a write. CKAN answers a create or update with the record as stored,
/// and it drops silently what its schema does not know (unknown scalar fields, groups and members it
/// has no record of), so a profile that does not fit its target shows here on the first record
/// rather than as fields missing after the migration. Only presence is checked: a value the target
/// normalised (a name for an id, a date re-serialised) is kept, not lost.
/// </summary>
internal static class UnkeptFields
{
    /// <summary>Fields a target never shows back though it keeps them (secrets; e-mail only to some callers).</summary>
    private static readonly HashSet<string> NeverShown = new(StringComparer.Ordinal) { "password", "password_hash", "email", "id", "state" };

    public static List<string> Between(EntityKind kind, JsonObject sent, JsonObject? answer)
    {
        var lost = new List<string>();
        if (answer is null) return lost;
        foreach (var (key, value) in sent)
        {
            if (RepresentationRules.IsEmpty(value) || NeverShown.Contains(key)) continue;
            switch (key)
            {
                case "extras":
                    foreach (var extra in Keys(value, "key").Except(Keys(answer[key], "key"), StringComparer.Ordinal)) lost.Add($"extras.{extra}");
                    break;
                case "groups":
                    foreach (var group in Missing(value, answer[key])) lost.Add($"groups.{group}");
                    break;
                case "users" when kind is EntityKind.Organizations or EntityKind.Groups:
                    foreach (var member in Missing(value, answer[key])) lost.Add($"users.{member}");
                    break;
                case "tags":
                    foreach (var tag in Keys(value, "name").Except(Keys(answer[key], "name"), StringComparer.Ordinal)) lost.Add($"tags.{tag}");
                    break;
                case "resources":
                    break; // unknown resource keys are kept as resource extras; ids are the server's to give
                default:
                    if (RepresentationRules.IsEmpty(answer[key])) lost.Add(key);
                    break;
            }
        }
        return lost;
    }

    /// <summary>Entries sent (by name, or id) that the answer lists neither by name nor by id.</summary>
    private static IEnumerable<string> Missing(JsonNode? sent, JsonNode? answer)
    {
        var kept = Keys(answer, "name").Concat(Keys(answer, "id")).ToHashSet(StringComparer.Ordinal);
        return (sent as JsonArray ?? []).OfType<JsonObject>()
            .Select(e => JsonText.Text(e["name"]) ?? JsonText.Text(e["id"]))
            .OfType<string>().Where(k => !kept.Contains(k));
    }

    private static IEnumerable<string> Keys(JsonNode? list, string field) =>
        (list as JsonArray ?? []).OfType<JsonObject>().Select(e => JsonText.Text(e[field])).OfType<string>();
}
