using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.DataStore;

/// <summary>
/// Columns as two sites can agree on them: id, type and the data dictionary, in table order. The
/// site adds <c>_id</c> itself, and <c>info</c> entries CKAN fills with empty strings say nothing.
/// </summary>
internal static class TableShape
{
    /// <summary>The columns of a datastore_search answer's fields, without _id, each as {id, type, info?}.</summary>
    public static JsonArray Columns(JsonNode? fields)
    {
        var columns = new JsonArray();
        foreach (var field in (fields as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonText.Text(field["id"]) is not { Length: > 0 } id || id == "_id") continue;
            var column = new JsonObject { ["id"] = id, ["type"] = JsonText.Text(field["type"]) ?? "text" };
            if (field["info"] is JsonObject info) column["info"] = info.DeepClone();
            columns.Add(column);
        }
        return columns;
    }

    /// <summary>Id, type and non-empty info entries (keys in order), for comparing definitions.</summary>
    public static JsonArray Canonical(JsonArray fields)
    {
        var list = new JsonArray();
        foreach (var field in fields.OfType<JsonObject>())
        {
            var column = new JsonObject { ["id"] = JsonText.Text(field["id"]), ["type"] = JsonText.Text(field["type"]) };
            if (field["info"] is JsonObject info)
            {
                var kept = new JsonObject();
                foreach (var (key, value) in info.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (value is not null && !(value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0)) kept[key] = value.DeepClone();
                if (kept.Count > 0) column["info"] = kept;
            }
            list.Add(column);
        }
        return list;
    }

    public static bool Same(JsonArray a, JsonArray b) => Canonical(a).ToJsonString() == Canonical(b).ToJsonString();
}
