using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CkanMigrate.Ckan;

namespace CkanMigrate.DataStore;

/// <summary>
/// Reads one DataStore table through the Action API: its columns and row count (datastore_search
/// with limit 0), its indexed columns (datastore_info, which takes <c>id</c>), its unique key, and
/// its rows in <c>_id</c> order. CKAN 2.10 pages datastore_search by offset only, so a row deleted
/// meanwhile would shift the next page and hide one row: every page starts one row back, on the last
/// row already read, and when that row is not where it was the reader steps back until it finds it.
/// Rows that exist throughout are read once each, never skipped or repeated. CKAN 2.12 pages by
/// keyset instead (<c>include_next_page</c> gives <c>next_page</c>, a filter on _id to send back),
/// which no deletion can shift: it is used where the site offers it (see <see cref="ShapeAsync"/>).
/// </summary>
internal sealed partial class TableReader(CkanClient client, int pageSize = 10_000)
{
    /// <summary>Whether the site pages by next_page (the last shape answer said so), else by offset.</summary>
    private volatile bool _keyset;

    /// <summary>
    /// Columns (without _id) and the row count, or null when the resource has no table. The answer
    /// also tells how the site pages: 2.2–2.11 answer with <c>_links</c> (offset links), and the 2.12
    /// change that brought next_page removed them (ckan changes/9027.feature).
    /// </summary>
    public async Task<(JsonArray Fields, long Total)?> ShapeAsync(string resourceId, CancellationToken ct)
    {
        try
        {
            var answer = await client.CallAsync("datastore_search", new JsonObject { ["resource_id"] = resourceId, ["limit"] = 0 }, ct).ConfigureAwait(false);
            _keyset = answer is JsonObject shown && !shown.ContainsKey("_links");
            return (TableShape.Columns(answer?["fields"]), answer?["total"]?.GetValue<long>() ?? 0);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>Columns with an index of their own (datastore_info's schema.is_index), the key's columns included.</summary>
    public async Task<List<string>> IndexedColumnsAsync(string resourceId, CancellationToken ct)
    {
        var info = await client.CallAsync("datastore_info", new JsonObject { ["id"] = resourceId }, ct).ConfigureAwait(false);
        return (info?["fields"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(f => f["schema"]?["is_index"] is JsonValue v && v.TryGetValue<bool>(out var indexed) && indexed)
            .Select(f => f["id"]!.GetValue<string>()).ToList();
    }

    /// <summary>
    /// The table's unique key (CKAN's primary_key). 2.10's API shows it nowhere (datastore_info's
    /// uniquekey looks at constraints, and the key is a unique index), but datastore_upsert names it
    /// when asked to update one empty record: CKAN refuses that before it touches a row
    /// ("fields "a, b" are missing but needed as key", or "unique key must be passed" for none).
    /// null when the key may not write there (403) or the answer says neither.
    /// </summary>
    public async Task<List<string>?> UniqueKeyAsync(string resourceId, CancellationToken ct)
    {
        try
        {
            await client.CallAsync("datastore_upsert", new JsonObject
            {
                ["resource_id"] = resourceId, ["method"] = "update", ["force"] = true, ["records"] = new JsonArray(new JsonObject()),
            }, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation)
        {
            var text = string.Join("\n", Strings(e.FieldErrors).Append(e.Message));
            if (MissingKey().Match(text) is { Success: true } m) return [.. m.Groups[1].Value.Split(", ")];
            if (text.Contains("unique key must be passed", StringComparison.Ordinal)) return [];
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotAuthorized)
        {
        }
        return null;
    }

    /// <summary>
    /// Every row as its values in the order of <paramref name="fields"/> (no _id). numeric columns
    /// are read a second time per page as CSV, which gives PostgreSQL's own text ("20.10"): the JSON
    /// answer goes through a float (20.1, and a long numeric loses digits).
    /// </summary>
    public IAsyncEnumerable<JsonArray> RowsAsync(string resourceId, JsonArray fields, CancellationToken ct) =>
        _keyset ? KeysetRowsAsync(resourceId, fields, ct) : OffsetRowsAsync(resourceId, fields, ct);

    private static (List<string> Columns, List<int> Numeric, JsonArray Asked) Layout(JsonArray fields)
    {
        var columns = fields.OfType<JsonObject>().Select(f => f["id"]!.GetValue<string>()).ToList();
        var numeric = fields.OfType<JsonObject>().Select((f, i) => (Type: f["type"]?.GetValue<string>(), Index: i)).Where(f => f.Type == "numeric").Select(f => f.Index).ToList();
        return (columns, numeric, new JsonArray(new[] { "_id" }.Concat(columns).Select(c => (JsonNode)c).ToArray()));
    }

    /// <summary>
    /// 2.12's keyset pages: each asks for the rows after the last _id read (the next_page filter the
    /// previous answer gave), so rows deleted meanwhile cannot shift a page.
    /// </summary>
    private async IAsyncEnumerable<JsonArray> KeysetRowsAsync(string resourceId, JsonArray fields, [EnumeratorCancellation] CancellationToken ct)
    {
        var (columns, numeric, asked) = Layout(fields);
        JsonObject? after = null;
        while (true)
        {
            var page = Page(resourceId, asked, "lists", pageSize, after);
            page["include_next_page"] = true;
            JsonNode? answer;
            try
            {
                answer = await client.CallAsync("datastore_search", page, ct).ConfigureAwait(false);
            }
            catch (CkanApiException e) when (after is null && e.Kind == CkanErrorKind.Validation
                                             && (e.FieldErrors?.ToJsonString() ?? e.Message).Contains("include_next_page", StringComparison.Ordinal))
            {
                answer = null; // a site without keyset pages after all (it refuses the parameter): by offset, as before 2.12
            }
            if (answer is null)
            {
                _keyset = false;
                await foreach (var row in OffsetRowsAsync(resourceId, fields, ct).ConfigureAwait(false)) yield return row;
                yield break;
            }
            var effective = answer?["limit"] is JsonValue lv && lv.TryGetValue<int>(out var l) ? l : pageSize;
            var rows = (answer?["records"] as JsonArray ?? []).OfType<JsonArray>().ToList();
            var exact = numeric.Count == 0 || rows.Count == 0 ? null
                : await ExactNumbersAsync(resourceId, columns, numeric, Page(resourceId, [], "csv", pageSize, after), ct).ConfigureAwait(false);
            foreach (var row in rows) yield return Values(row, numeric, exact);
            if (rows.Count < effective || answer?["next_page"] is not JsonObject next) break;
            after = next;
        }
    }

    /// <summary>A page by keyset: sorted by _id, after the filter given (none for the first).</summary>
    private static JsonObject Page(string resourceId, JsonArray fields, string format, int limit, JsonObject? after)
    {
        var page = new JsonObject
        {
            ["resource_id"] = resourceId, ["fields"] = fields.DeepClone(), ["sort"] = "_id", ["records_format"] = format, ["include_total"] = false, ["limit"] = limit,
        };
        if (after is not null) page["filters"] = after.DeepClone();
        return page;
    }

    /// <summary>A row's values without its _id, numeric columns as PostgreSQL wrote them where known.</summary>
    private static JsonArray Values(JsonArray row, List<int> numeric, Dictionary<long, JsonNode?[]>? exact)
    {
        var values = new JsonArray();
        for (var i = 1; i < row.Count; i++) values.Add(row[i]?.DeepClone());
        if (exact is not null && exact.TryGetValue(Id(row), out var texts))
            for (var n = 0; n < numeric.Count; n++) values[numeric[n]] = texts[n];
        return values;
    }

    private async IAsyncEnumerable<JsonArray> OffsetRowsAsync(string resourceId, JsonArray fields, [EnumeratorCancellation] CancellationToken ct)
    {
        var (columns, numeric, asked) = Layout(fields);
        long next = 0;      // rows up to and including the last one read, as the site counted them then
        long? lastId = null;
        var limit = pageSize;
        while (true)
        {
            var start = lastId is null ? next : Math.Max(0, next - 1); // one row back: the last row read must come first
            var size = lastId is null ? limit : limit + 1;
            var answer = await PageAsync(resourceId, asked, "lists", start, size, ct).ConfigureAwait(false);
            // The site caps limit at its rows_max and says so: a full page is then that long.
            var effective = answer?["limit"] is JsonValue lv && lv.TryGetValue<int>(out var l) ? l : size;
            if (effective < size) limit = Math.Max(1, effective - 1);
            var page = (answer?["records"] as JsonArray ?? []).OfType<JsonArray>().ToList();
            if (lastId is { } last && start > 0 && (page.Count == 0 || Id(page[0]) > last))
            {
                next = Math.Max(0, start - limit) + 1; // rows before were deleted: the last one read is further back
                continue;
            }
            var exact = numeric.Count == 0 || page.Count == 0 ? null
                : await ExactNumbersAsync(resourceId, columns, numeric, OffsetPage(resourceId, [], "csv", start, size), ct).ConfigureAwait(false);
            foreach (var row in page)
            {
                if (lastId is { } seen && Id(row) <= seen) continue;
                yield return Values(row, numeric, exact);
                lastId = Id(row);
            }
            if (page.Count < effective) break; // a short page: the end of the table
            next = start + page.Count;
        }
    }

    private Task<JsonNode?> PageAsync(string resourceId, JsonArray fields, string format, long offset, int limit, CancellationToken ct) =>
        client.CallAsync("datastore_search", OffsetPage(resourceId, fields, format, offset, limit), ct);

    private static JsonObject OffsetPage(string resourceId, JsonArray fields, string format, long offset, int limit) => new()
    {
        ["resource_id"] = resourceId, ["fields"] = fields.DeepClone(), ["sort"] = "_id", ["records_format"] = format,
        ["include_total"] = false, ["offset"] = offset, ["limit"] = limit,
    };

    /// <summary>The numeric columns of one page (<paramref name="page"/>, its fields filled in here) as PostgreSQL wrote them, by _id: a JSON number with that very text, or null.</summary>
    private async Task<Dictionary<long, JsonNode?[]>> ExactNumbersAsync(string resourceId, List<string> columns, List<int> numeric, JsonObject page, CancellationToken ct)
    {
        page["fields"] = new JsonArray(new[] { "_id" }.Concat(numeric.Select(i => columns[i])).Select(c => (JsonNode)c).ToArray());
        var answer = await client.CallAsync("datastore_search", page, ct).ConfigureAwait(false);
        var exact = new Dictionary<long, JsonNode?[]>();
        // _id and numeric values hold no comma, quote or line break, so each line splits plainly.
        foreach (var line in (answer?["records"]?.GetValue<string>() ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.TrimEnd('\r').Split(',');
            if (cells.Length != numeric.Count + 1 || !long.TryParse(cells[0], System.Globalization.CultureInfo.InvariantCulture, out var id)) continue;
            exact[id] = cells.Skip(1).Select(Number).ToArray();
        }
        return exact;
    }

    /// <summary>"20.10" as a JSON number token keeping its text; NaN (which JSON has no number for) as a string; empty as null.</summary>
    private static JsonNode? Number(string text)
    {
        if (text.Length == 0) return null;
        try
        {
            return JsonNode.Parse(text) as JsonValue is { } v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? v : JsonValue.Create(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>Every message in a field-error map, unescaped.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    private static long Id(JsonArray row) => row[0]!.GetValue<long>();

    [GeneratedRegex("fields \"([^\"]*)\" are missing")]
    private static partial Regex MissingKey();
}
