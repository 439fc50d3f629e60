using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Followers;

/// <summary>
/// What one user follows, by kind and by name (names hold across sites; ids may not): the record
/// {user, datasets, users, groups, organizations}, read from followee_list's {type, dict} rows.
/// Organizations are followed as groups (follow_group) but listed apart (CKAN 2.10 get.py).
/// </summary>
internal static class Followees
{
    /// <summary>Each list of the record, with the action that follows and unfollows one of its objects.</summary>
    public static readonly IReadOnlyList<(string Field, string Type, string Follow, string Unfollow)> Kinds =
    [
        ("datasets", "dataset", "follow_dataset", "unfollow_dataset"),
        ("users", "user", "follow_user", "unfollow_user"),
        ("groups", "group", "follow_group", "unfollow_group"),
        ("organizations", "organization", "follow_group", "unfollow_group"),
    ];

    public static JsonObject Record(string user, JsonArray followeeRows)
    {
        var record = new JsonObject { ["user"] = user };
        foreach (var (field, type, _, _) in Kinds)
            record[field] = new JsonArray(followeeRows.OfType<JsonObject>().Where(r => JsonText.NonEmpty(r["type"]) == type)
                .Select(r => JsonText.NonEmpty((r["dict"] as JsonObject)?["name"])).OfType<string>().Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).Select(n => (JsonNode)n).ToArray());
        return record;
    }

    public static SortedSet<string> Names(JsonObject record, string field) =>
        new((record[field] as JsonArray ?? []).Select(JsonText.NonEmpty).OfType<string>(), StringComparer.Ordinal);

    public static bool IsEmpty(JsonObject record) => Kinds.All(k => Names(record, k.Field).Count == 0);
}
