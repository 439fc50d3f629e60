using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// The rows of a DataStore table as PostgreSQL handles them for ckanext-datastore: an insert batch is
/// one transaction (all or none, its _id values used up either way), the unique key is enforced,
/// update and upsert find rows by key or _id, and sorts put NULL last ascending and first descending.
/// </summary>
internal static class DataStoreRows
{
    /// <summary>A batch is one transaction: all of it or none (its _id values are used up either way).</summary>
    public static void Insert(DataStoreTable table, JsonArray records)
    {
        var rows = new List<JsonObject>();
        if (table.PrimaryKey.Count > 0) table.KeyIndex ??= table.Rows.Select(r => KeyOf(table, r)).ToHashSet(StringComparer.Ordinal);
        var keys = table.PrimaryKey.Count == 0 ? null : new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var node in records)
        {
            var record = node as JsonObject ?? throw CkanActionException.Validation("records", $"row \"{number}\" is not a json object");
            if (record.Select(p => p.Key).FirstOrDefault(k => table.Field(k) is null) is { } extra)
                throw CkanActionException.Validation("records", $"row \"{number + 1}\" has extra keys \"{extra}\"");
            var row = new JsonObject { ["_id"] = table.NextId++ };
            foreach (var field in table.Fields)
            {
                var name = FakeCkanStore.Str(field, "id")!;
                row[name] = DataStoreValues.Stored(record[name], table.TypeOf(name));
            }
            if (keys is not null && (table.KeyIndex!.Contains(KeyOf(table, row)) || !keys.Add(KeyOf(table, row))))
                throw CkanActionException.Validation("records", $"duplicate key value violates unique constraint \"{DataStoreActions.IndexName("", string.Join("_", table.PrimaryKey))}\"");
            rows.Add(row);
            number++;
        }
        table.Rows.AddRange(rows);
        if (keys is not null) table.KeyIndex!.UnionWith(keys);
    }

    public static void Update(ActionContext ctx, DataStoreTable table, JsonObject record, bool insertMissing)
    {
        if (table.PrimaryKey.Count == 0 && !record.ContainsKey("_id"))
            throw CkanActionException.Validation("table", "unique key must be passed for update/upsert");
        var missing = table.PrimaryKey.Where(k => !record.ContainsKey(k)).ToList();
        if (!record.ContainsKey("_id") && missing.Count > 0)
            throw CkanActionException.Validation("key", $"fields \"{string.Join(", ", missing)}\" are missing\n                            but needed as key");
        var probe = new JsonObject();
        foreach (var k in table.PrimaryKey) probe[k] = DataStoreValues.Stored(record[k], table.TypeOf(k));
        var existing = record.ContainsKey("_id")
            ? table.Rows.FirstOrDefault(r => SameValue(r["_id"], record["_id"]))
            : table.Rows.FirstOrDefault(r => KeyOf(table, r) == KeyOf(table, probe));
        if (existing is null)
        {
            if (!insertMissing)
                throw CkanActionException.Validation("key", DataStore211.KeyNotFound(ctx, table, record));
            Insert(table, [record.DeepClone()]);
            return;
        }
        foreach (var (name, value) in record)
            if (name != "_id") existing[name] = DataStoreValues.Stored(value, table.TypeOf(name));
    }

    private static string KeyOf(DataStoreTable table, JsonObject row) => string.Join("\u0001", table.PrimaryKey.Select(k => row[k]?.ToJsonString() ?? "null"));

    public static bool SameValue(JsonNode? stored, JsonNode? wanted) =>
        (stored?.ToJsonString() ?? "null") == (wanted?.ToJsonString() ?? "null")
        || (stored is JsonValue s && wanted is JsonValue w && s.ToString() == w.ToString());

    public static IEnumerable<JsonObject> Sorted(IEnumerable<JsonObject> rows, string? sort, DataStoreTable table)
    {
        if (string.IsNullOrWhiteSpace(sort)) return rows.OrderBy(r => r["_id"]!.GetValue<long>());
        IOrderedEnumerable<JsonObject>? ordered = null;
        foreach (var part in sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var column = words[0].Trim('"');
            if (column != "_id" && table.Field(column) is null)
                throw CkanActionException.Validation("sort", $"field \"{column}\" not in table");
            var descending = words.Length > 1 && words[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            var comparer = Comparer<JsonNode?>.Create(DataStoreValues.Compare);
            ordered = ordered is null
                ? (descending ? rows.OrderByDescending(r => r[column], comparer) : rows.OrderBy(r => r[column], comparer))
                : (descending ? ordered.ThenByDescending(r => r[column], comparer) : ordered.ThenBy(r => r[column], comparer));
        }
        return ordered ?? rows;
    }
}
