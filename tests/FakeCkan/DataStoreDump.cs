using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FakeCkan.Actions;
using Microsoft.AspNetCore.Http;

namespace FakeCkan;

/// <summary>
/// The datastore plugin's <c>/datastore/dump/ID</c> (recorded on 2.10 and 2.11): the whole table in
/// _id order as <c>application/octet-stream</c>, streamed (no Content-Length). CSV by default: a
/// header row with _id ending in CRLF, then the rows as datastore_search's csv gives them (LF);
/// <c>?format=json</c>: {"fields": […], "records": [[…], …]} written compactly, a record a line.
/// Before 2.11 it is sent as an attachment named after the resource; 2.11 sends no
/// Content-Disposition. A table the caller may not read, or none, is a 404 page.
/// </summary>
internal static partial class DataStoreDump
{
    [GeneratedRegex("^/datastore/dump/(?<id>[^/]+)$")]
    private static partial Regex Route();

    public static async Task<bool> TryServeAsync(HttpContext http, FakeCkanServer server, string path)
    {
        if (!server.Options.DataStorePlugin || Route().Match(path) is not { Success: true } m) return false;
        server.Calls.Count("datastore_dump");
        var id = m.Groups["id"].Value;
        var format = http.Request.Query["format"].FirstOrDefault() ?? "csv";
        if (format is not ("csv" or "json"))
        {
            await ErrorPage.WriteAsync(http, 400, server.Options.SiteTitle).ConfigureAwait(false); // tsv and xml are not imitated
            return true;
        }
        var caller = server.Authenticate(http.Request);
        byte[]? body;
        lock (server.Store.Gate) body = Dump(server, caller, id, format);
        if (body is null)
        {
            await ErrorPage.WriteAsync(http, 404, server.Options.SiteTitle).ConfigureAwait(false); // "DataStore resource not found"
            return true;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/octet-stream";
        if (server.Version < new Version(2, 11)) http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.{format}\"";
        await http.Response.Body.WriteAsync(body).ConfigureAwait(false);
        return true;
    }

    private static byte[]? Dump(FakeCkanServer server, JsonObject? caller, string id, string format)
    {
        var dataset = server.Store.ResourceOwner(id);
        if (dataset is null || FakeCkanStore.Str(dataset, "state") == "deleted" || !server.Store.Tables.TryGetValue(id, out var table)) return null;
        var ctx = new ActionContext(server.Store, server.Options, server.Version, [], caller, "");
        if (!DatasetReadActions.CanRead(ctx, dataset)) return null;
        var columns = new[] { "_id" }.Concat(table.Fields.Select(f => FakeCkanStore.Str(f, "id")!)).ToList();
        var text = new StringBuilder();
        if (format == "csv")
        {
            text.Append(string.Join(',', columns)).Append("\r\n");
            text.Append(DataStoreValues.Csv(table.Rows, columns, table).ToString());
        }
        else
        {
            var fields = new JsonArray(columns.Select(c => (JsonNode)DataStoreActions.FieldShown(table, c)).ToArray());
            text.Append("{\n  \"fields\": ").Append(Compact(fields)).Append(",\n  \"records\": [");
            var first = true;
            foreach (var row in table.Rows)
            {
                text.Append(first ? "\n    " : ",\n    ");
                first = false;
                text.Append(Compact(new JsonArray(columns.Select(c => DataStoreValues.Shown(row[c], table, c)).ToArray())));
            }
            text.Append("\n]}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>json.dumps(separators=(',', ':'), ensure_ascii=False).</summary>
    private static string Compact(JsonNode node) =>
        node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
