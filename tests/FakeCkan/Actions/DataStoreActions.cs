using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// ckanext-datastore's actions as CKAN 2.10 answers them (spec/ckan-2.10-exchanges-2.md §6; what 2.11 changed is in <see cref="DataStore211"/>):
/// datastore_create, datastore_upsert (insert, upsert, update), datastore_search (objects or
/// lists, offset paging sorted as asked, capped at rows_max), datastore_info (which wants <c>id</c>)
/// and datastore_delete. Writes to a resource that is not url_type "datastore" need <c>force</c>;
/// a private dataset's table is read only with rights (403 JSON otherwise).
/// </summary>
internal static class DataStoreActions
{
    /// <summary>ckan.datastore.search.rows_max's default.</summary>
    public const int RowsMax = 32000;

    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["datastore_create"] = new(Create, false) { DataStore = true };
        actions["datastore_upsert"] = new(Upsert, false) { DataStore = true };
        actions["datastore_search"] = new(Search, true) { DataStore = true };
        actions["datastore_info"] = new(Info, true) { DataStore = true };
        actions["datastore_delete"] = new(Delete, false) { DataStore = true };
    }

    private static JsonNode Create(ActionContext ctx)
    {
        var (id, madeResource) = DataStoreResource.Table(ctx);
        var (dataset, resource) = Writable(ctx, id);
        var fields = ctx.Params["fields"] as JsonArray ?? [];
        var table = ctx.Store.Tables.GetValueOrDefault(id) ?? new DataStoreTable();
        var added = new List<JsonObject>();
        foreach (var node in fields.OfType<JsonObject>())
        {
            var name = FakeCkanStore.Str(node, "id") ?? "";
            if (name.Length == 0 || name.StartsWith('_') || name.Contains('"'))
                throw CkanActionException.Validation("fields", $"\"{name}\" is not a valid field name");
            var type = DataStoreValues.StoredType(FakeCkanStore.Str(node, "type") ?? "text")
                       ?? throw CkanActionException.Validation("fields", $"\"{FakeCkanStore.Str(node, "type")}\" is not a valid field type");
            var field = new JsonObject { ["id"] = name, ["type"] = type };
            if (node["info"] is JsonObject info) field["info"] = info.DeepClone();
            if (table.Field(name) is { } existing)
            {
                if (node["info"] is JsonObject newInfo) existing["info"] = newInfo.DeepClone();
            }
            else added.Add(field);
        }
        var key = List(ctx.Params["primary_key"]);
        foreach (var column in key.Concat(List(ctx.Params["indexes"])))
            if (table.Field(column) is null && added.All(f => FakeCkanStore.Str(f, "id") != column))
                throw CkanActionException.Validation("indexes", $"The field \"{column}\" is not a valid column name.");
        var records = ctx.Params["records"] as JsonArray;
        var copy = Copy(table);
        copy.Fields.AddRange(added);
        if (ctx.Params.ContainsKey("primary_key")) copy.PrimaryKey = key;
        if (ctx.Params.ContainsKey("indexes")) copy.Indexes = List(ctx.Params["indexes"]);
        if (records is not null) DataStore211.Rows(ctx, () => records.Count - 1, () => DataStoreRows.Insert(copy, records));
        var result = new JsonObject();
        DataStore211.DeleteFields(ctx, copy, result);
        ctx.Store.Tables[id] = copy;
        Ckan212.StampOnActivate(ctx, dataset, resource);
        resource["datastore_active"] = true;
        ctx.Store.Reindex(FakeCkanStore.Str(dataset, "id")!);

        foreach (var echoed in new[] { "indexes", "primary_key" })
            if (ctx.Params[echoed] is { } value) result[echoed] = value.DeepClone();
        if (madeResource is not null) result["resource"] = madeResource;
        result["resource_id"] = id;
        result["fields"] = fields.DeepClone();
        result["method"] = "insert";
        return result;
    }

    private static JsonNode Upsert(ActionContext ctx)
    {
        var id = ctx.Str("resource_id");
        if (string.IsNullOrEmpty(id)) throw CkanActionException.Validation("resource_id", "Missing value");
        Writable(ctx, id);
        var table = ctx.Store.Tables.GetValueOrDefault(id) ?? throw CkanActionException.NotFound($"Resource \"{id}\" was not found.");
        var method = ctx.Str("method") ?? "upsert";
        var records = ctx.Params["records"] as JsonArray ?? [];
        var copy = Copy(table);
        switch (method)
        {
            case "insert":
                // all or nothing; a failed insert still consumes its _id values
                DataStore211.Rows(ctx, () => records.Count - 1, () => DataStoreRows.Insert(table, records));
                break;
            case "upsert" or "update":
                var row = 0;
                foreach (var record in records.OfType<JsonObject>())
                {
                    DataStore211.Rows(ctx, () => row, () => DataStoreRows.Update(ctx, copy, record, insertMissing: method == "upsert"));
                    row++;
                }
                copy.KeyIndex = null;
                ctx.Store.Tables[id] = copy;
                break;
            default:
                throw CkanActionException.Validation("method", $"\"{method}\" is not a valid method");
        }
        return new JsonObject { ["method"] = method, ["resource_id"] = id, ["records"] = records.DeepClone() };
    }

    /// <summary>datastore_search_schema's keys (2.11); any other is __junk, "not expected". 2.12 adds include_next_page.</summary>
    private static readonly string[] SearchKeys =
        ["resource_id", "id", "q", "plain", "filters", "language", "limit", "offset", "fields", "sort", "distinct", "include_total", "total_estimation_threshold", "records_format", "full_text"];

    private static JsonNode Search(ActionContext ctx)
    {
        var junk = ctx.Params.Select(p => p.Key).Where(k => !SearchKeys.Contains(k) && !(k == "include_next_page" && ctx.Is212())).ToList();
        if (junk.Count > 0)
            throw CkanActionException.Validation(new JsonObject { ["__junk"] = new JsonArray($"The input field [{string.Join(", ", junk.Select(k => $"('{k}',)"))}] was not expected.") });
        var id = ctx.Str("resource_id") ?? "";
        var table = Readable(ctx, id);
        var format = ctx.Str("records_format") ?? "objects";
        var limit = Math.Min(ctx.Natural("limit") ?? 100, RowsMax);
        var offset = ctx.Natural("offset") ?? 0;
        var includeTotal = ctx.Bool("include_total", true);
        var columns = Columns(ctx.Params["fields"], table);
        // Rows are kept in _id order: a plain page in that order is a slice (as PostgreSQL's index scan).
        var plain = ctx.Params["filters"] is null && string.IsNullOrEmpty(ctx.Str("q")) && (ctx.Str("sort")?.Trim() ?? "_id") is "_id" or "_id asc";
        IEnumerable<JsonObject> rows = table.Rows;
        if (ctx.Params["filters"] is JsonObject filters)
            foreach (var (column, wanted) in filters)
                rows = wanted is JsonObject range && ctx.Is212() ? rows.Where(r => KeysetFilter.Holds(r[column], range))
                    : rows.Where(r => wanted is JsonArray any ? any.Any(w => DataStoreRows.SameValue(r[column], w)) : DataStoreRows.SameValue(r[column], wanted));
        if (ctx.Str("q") is { Length: > 0 } q)
            rows = rows.Where(r => r.Any(p => p.Key != "_id" && p.Value is JsonValue v && v.ToString().Contains(q, StringComparison.OrdinalIgnoreCase)));
        var matched = plain ? table.Rows : DataStoreRows.Sorted(rows, ctx.Str("sort"), table).ToList();
        var page = offset >= matched.Count ? [] : matched.GetRange(offset, Math.Min(limit, matched.Count - offset));

        var result = new JsonObject();
        if (ctx.Params["filters"] is { } echoedFilters) result["filters"] = echoedFilters.DeepClone();
        result["include_total"] = includeTotal;
        result["limit"] = limit;
        if (ctx.Params.ContainsKey("offset")) result["offset"] = offset;
        if (ctx.Str("q") is { } echoedQ) result["q"] = echoedQ;
        result["records_format"] = format;
        result["resource_id"] = id;
        if (ctx.Str("sort") is { } sort) result["sort"] = sort;
        result["total_estimation_threshold"] = null;
        result["records"] = format switch
        {
            "lists" => new JsonArray(page.Select(r => (JsonNode)new JsonArray(columns.Select(c => DataStoreValues.Shown(r[c], table, c)).ToArray())).ToArray()),
            "objects" => new JsonArray(page.Select(r => (JsonNode)new JsonObject(columns.Select(c => KeyValuePair.Create(c, DataStoreValues.Shown(r[c], table, c))))).ToArray()),
            "csv" => DataStoreValues.Csv(page, columns, table),
            _ => throw CkanActionException.Validation("records_format", "Value must be one of ['objects', 'lists', 'csv']"),
        };
        result["fields"] = new JsonArray(columns.Select(c => (JsonNode)FieldShown(table, c)).ToArray());
        if (!ctx.Is212())
            result["_links"] = new JsonObject
            {
                ["start"] = "/api/3/action/datastore_search",
                ["next"] = $"/api/3/action/datastore_search?offset={offset + limit}",
            };
        else if (ctx.Bool("include_next_page", false) && (ctx.Str("sort")?.Trim() ?? "_id") is "_id" or "_id asc" && page.Count > 0)
        {
            result["next_page"] = new JsonObject { ["_id"] = new JsonObject { ["gt"] = page[^1]["_id"]!.DeepClone() } };
            if (ctx.Params["filters"] is JsonObject { Count: > 0 } keyset && keyset["_id"] is JsonObject) ctx.Store.KeysetPages++;
        }
        if (includeTotal)
        {
            result["total"] = matched.Count;
            result["total_was_estimated"] = false;
        }
        return result;
    }

    private static JsonNode Info(ActionContext ctx)
    {
        var id = DataStore211.InfoId(ctx);
        var table = Readable(ctx, id);
        var indexed = table.PrimaryKey.Concat(table.Indexes).ToHashSet(StringComparer.Ordinal);
        return new JsonObject
        {
            ["meta"] = new JsonObject
            {
                ["id"] = id, ["count"] = table.Rows.Count, ["table_type"] = "BASE TABLE",
                ["size"] = 8192L * (1 + table.Rows.Count / 100), ["db_size"] = 7929191L, ["idx_size"] = 16384L * (1 + indexed.Count), ["aliases"] = new JsonArray(),
            },
            ["fields"] = new JsonArray(table.Fields.Select(f =>
            {
                var name = FakeCkanStore.Str(f, "id")!;
                var shown = FieldShown(table, name);
                shown["type"] = DataStore211.InfoType(ctx, shown["type"]!.ToString());
                shown["schema"] = new JsonObject
                {
                    ["native_type"] = DataStoreValues.NativeType(table.TypeOf(name)),
                    ["notnull"] = false,
                    ["index_name"] = indexed.Contains(name) ? IndexName(id, name) : null,
                    ["is_index"] = indexed.Contains(name),
                    ["uniquekey"] = false, // the "primary key" is a unique index, not a constraint
                };
                return (JsonNode)shown;
            }).ToArray()),
        };
    }

    private static JsonNode Delete(ActionContext ctx)
    {
        var id = ctx.Str("resource_id");
        if (string.IsNullOrEmpty(id)) throw CkanActionException.Validation("resource_id", "Missing value");
        var (dataset, resource) = Writable(ctx, id);
        var table = ctx.Store.Tables.GetValueOrDefault(id) ?? throw CkanActionException.NotFound($"Resource \"{id}\" was not found.");
        if (ctx.Params["filters"] is JsonObject filters)
        {
            table.Rows.RemoveAll(r => filters.All(f => DataStoreRows.SameValue(r[f.Key], f.Value)));
            table.KeyIndex = null;
            return new JsonObject { ["resource_id"] = id, ["filters"] = filters.DeepClone() };
        }
        ctx.Store.Tables.Remove(id);
        resource["datastore_active"] = false;
        ctx.Store.Reindex(FakeCkanStore.Str(dataset, "id")!);
        return new JsonObject { ["resource_id"] = id };
    }

    // ---- lookups and permissions ----

    private static List<string> Columns(JsonNode? fields, DataStoreTable table)
    {
        var all = new[] { "_id" }.Concat(table.Fields.Select(f => FakeCkanStore.Str(f, "id")!)).ToList();
        if (fields is null) return all;
        var wanted = List(fields);
        foreach (var w in wanted)
            if (!all.Contains(w)) throw CkanActionException.Validation("fields", $"field \"{w}\" not in table");
        return wanted;
    }

    internal static JsonObject FieldShown(DataStoreTable table, string column)
    {
        if (column == "_id") return new JsonObject { ["id"] = "_id", ["type"] = "int" };
        var field = table.Field(column)!;
        var shown = new JsonObject { ["id"] = column, ["type"] = field["type"]!.DeepClone() };
        if (field["info"] is JsonObject info) shown["info"] = info.DeepClone();
        return shown;
    }

    /// <summary>A string or a list (CKAN's get_list: a comma-separated string counts as a list).</summary>
    private static List<string> List(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(x => x?.ToString() ?? "").ToList(),
        JsonValue v when v.ToString() is { Length: > 0 } s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
        _ => [],
    };

    private static (JsonObject Dataset, JsonObject Resource) Resource(ActionContext ctx, string id)
    {
        var dataset = ctx.Store.ResourceOwner(id);
        var resource = (dataset?["resources"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r => FakeCkanStore.Str(r, "id") == id);
        if (dataset is null || resource is null || FakeCkanStore.Str(dataset, "state") == "deleted")
            throw CkanActionException.NotFound($"Not found: Resource \"{id}\" was not found.");
        return (dataset, resource);
    }

    private static DataStoreTable Readable(ActionContext ctx, string id)
    {
        var (dataset, _) = Resource(ctx, id);
        if (!DatasetReadActions.CanRead(ctx, dataset))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read resource {id}");
        return ctx.Store.Tables.GetValueOrDefault(id) ?? throw CkanActionException.NotFound($"Not found: Resource \"{id}\" was not found.");
    }

    private static (JsonObject Dataset, JsonObject Resource) Writable(ActionContext ctx, string id)
    {
        var found = Resource(ctx, id);
        if (!ctx.IsSysadmin)
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to update resource {id}");
        if (FakeCkanStore.Str(found.Resource, "url_type") != "datastore" && !ctx.Bool("force", false))
            throw CkanActionException.Validation("read-only", DataStore211.ReadOnly(ctx));
        return found;
    }

    private static DataStoreTable Copy(DataStoreTable table)
    {
        var copy = new DataStoreTable { PrimaryKey = table.PrimaryKey.ToList(), Indexes = table.Indexes.ToList(), NextId = table.NextId };
        copy.Fields.AddRange(table.Fields);
        copy.Rows.AddRange(table.Rows);
        return copy;
    }

    /// <summary>CKAN names an index by a SHA-1 of the resource id and its columns.</summary>
    internal static string IndexName(string resourceId, string columns) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(resourceId + columns)));
}
