using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// What ckanext-datastore answers differently from 2.11 (recorded on 2.11.5; ckanext/datastore/
/// logic/action.py and backend/postgres.py): the read-only message, datastore_create's
/// delete_fields, datastore_info's resource_id, json columns typed "nested" in datastore_info, the
/// failing row's index on database errors, and a missing key shown as the query's parameters.
/// </summary>
internal static class DataStore211
{
    public static string ReadOnly(ActionContext ctx) => ctx.AtLeast(2, 11)
        ? "Cannot edit read-only resource because changes made may be lost. Use a resource created for editing e.g. with datastore_create or use \"force=True\" to ignore this warning."
        : "Cannot edit read-only resource. Either pass\"force=True\" or change url_type to \"datastore\"";

    /// <summary>datastore_info's table: <c>id</c> only before 2.11; from 2.11 <c>resource_id</c>, else <c>id</c>.</summary>
    public static string InfoId(ActionContext ctx)
    {
        var key = ctx.AtLeast(2, 11) ? "resource_id" : "id";
        var id = ctx.AtLeast(2, 11) ? ctx.Str("resource_id") ?? ctx.Str("id") : ctx.Str("id");
        return string.IsNullOrEmpty(id) ? throw CkanActionException.Validation(key, "Missing value") : id;
    }

    /// <summary>2.11's datastore_info reads column types from PostgreSQL, where a json column is the "nested" type.</summary>
    public static string InfoType(ActionContext ctx, string type) => ctx.AtLeast(2, 11) && type == "json" ? "nested" : type;

    /// <summary>
    /// 2.11's datastore_create: <c>delete_fields</c> (default false) is echoed, and when true the
    /// columns the call did not list are dropped.
    /// </summary>
    public static void DeleteFields(ActionContext ctx, DataStoreTable table, JsonObject result)
    {
        if (!ctx.AtLeast(2, 11)) return;
        var delete = ctx.Bool("delete_fields", false);
        result["delete_fields"] = delete;
        if (!delete) return;
        var listed = (ctx.Params["fields"] as JsonArray ?? []).OfType<JsonObject>().Select(f => FakeCkanStore.Str(f, "id")).ToHashSet(StringComparer.Ordinal);
        foreach (var dropped in table.Fields.Select(f => FakeCkanStore.Str(f, "id")!).Where(id => !listed.Contains(id)).ToList())
        {
            table.Fields.RemoveAll(f => FakeCkanStore.Str(f, "id") == dropped);
            foreach (var row in table.Rows) row.Remove(dropped);
        }
    }

    /// <summary>
    /// Runs a write of rows; on 2.11 a database error (a value a column refuses, a duplicate key) also
    /// names <c>records_row</c>: for an insert the batch's last row (the batch is one statement),
    /// for update and upsert the row being written. Checks made before the statement do not.
    /// </summary>
    public static void Rows(ActionContext ctx, Func<int> row, Action write)
    {
        try
        {
            write();
        }
        catch (CkanActionException e) when (ctx.AtLeast(2, 11) && e.Error?["records"] is JsonArray { Count: > 0 } messages
                                             && !messages[0]!.ToString().StartsWith("row \"", StringComparison.Ordinal))
        {
            e.Error["records_row"] = row();
            throw;
        }
    }

    /// <summary>
    /// A key update found no row for: 2.10 shows the key's values as a list, 2.11 the query's bound
    /// parameters as a Python dict, numbered after the record's columns ("{'val_2': 99}").
    /// </summary>
    public static string KeyNotFound(ActionContext ctx, DataStoreTable table, JsonObject record)
    {
        if (!ctx.AtLeast(2, 11))
            return $"key \"[{string.Join(", ", table.PrimaryKey.Select(k => record[k]?.ToJsonString()))}]\" not found";
        var used = record.Count(p => p.Key != "_id" && table.Field(p.Key) is not null);
        var keys = record.ContainsKey("_id") ? ["_id"] : table.PrimaryKey;
        var bound = keys.Select((k, i) => $"'val_{used + i}': {PythonRepr(record[k], k == "_id" ? "int4" : table.TypeOf(k))}");
        return $"key \"{{{string.Join(", ", bound)}}}\" not found";
    }

    /// <summary>The value as the action bound it: Python's repr, an empty string being None in a column that is not text.</summary>
    private static string PythonRepr(JsonNode? value, string type) => value switch
    {
        null => "None",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length == 0 && type != "text" => "None",
        JsonValue v when v.TryGetValue<string>(out var s) => s.Contains('\'') && !s.Contains('"') ? $"\"{s}\"" : $"'{s.Replace("'", "\\'", StringComparison.Ordinal)}'",
        _ => value.ToJsonString(),
    };
}
