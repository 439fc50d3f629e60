using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Comparison;

namespace CkanMigrate.Entities;

/// <summary>
/// Structural checks before anything is sent: a field CKAN needs as a list of objects that holds
/// something else would come back as a 400 "Integrity Error" or a 500; we reject it with a sentence.
/// </summary>
internal static class RecordChecks
{
    private static readonly string[] DatasetLists = ["tags", "extras", "resources", "groups"];
    private static readonly string[] GroupLists = ["users", "extras"];
    private static readonly string[] ScalarFields = ["id", "name"];

    public static string? WrongType(EntityKind kind, JsonObject record)
    {
        foreach (var field in ScalarFields)
            if (record[field] is JsonObject or JsonArray) return $"'{field}' must be a string, not {Describe(record[field])}";
        var lists = kind switch
        {
            EntityKind.Datasets or EntityKind.HarvestSources => DatasetLists,
            EntityKind.Organizations or EntityKind.Groups => GroupLists,
            _ => [],
        };
        foreach (var field in lists)
        {
            var value = record[field];
            if (value is null) continue;
            if (value is not JsonArray list) return $"'{field}' must be a list of objects, not {Describe(value)}";
            var bad = list.Select((item, i) => (item, i)).FirstOrDefault(x => x.item is not JsonObject);
            if (bad != default) return $"'{field}' item {bad.i + 1} must be an object, not {Describe(bad.item)}";
        }
        if (kind is EntityKind.Datasets or EntityKind.HarvestSources && record["extras"] is JsonArray extras)
            foreach (var extra in extras.OfType<JsonObject>())
                if (extra["value"] is JsonObject)
                    return $"extra '{extra["key"]}' has an object as its value; CKAN stores extras as text";
        return null;
    }

    public const string NoKey = "the record has neither an id nor a name";

    /// <summary>What identifies the record: its id, else its name; null when it has neither (it cannot be matched or named).</summary>
    public static string? Key(JsonObject record) =>
        JsonText.Text(record["id"]) is { Length: > 0 } id ? id : JsonText.Text(record["name"]) is { Length: > 0 } name ? name : null;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "an object",
        _ => $"the {node.GetValueKind().ToString().ToLowerInvariant()} {node.ToJsonString()}",
    };
}
