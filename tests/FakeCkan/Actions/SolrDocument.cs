using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// package_search with <c>fl</c>: flat documents holding only the index's stored fields (as recorded
/// on 2.10): <c>capacity</c> instead of <c>private</c>, <c>organization</c> as the name instead of
/// <c>owner_org</c>, <c>dataset_type</c> instead of <c>type</c>, dates in Solr's form (milliseconds
/// and Z), list fields as lists, extras as top-level keys. A field that is not stored is absent.
/// </summary>
internal static class SolrDocument
{
    /// <summary>Only the fields asked for are made: a listing of every dataset asks for a few small ones per document.</summary>
    public static JsonObject Of(ActionContext ctx, JsonObject d, IReadOnlyCollection<string> fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
            if (Field(ctx, d, field) is { } value) result[field] = value;
        return result;
    }

    private static JsonNode? Field(ActionContext ctx, JsonObject d, string field) => field switch
    {
        "id" or "name" or "title" or "notes" or "state" or "license_id" => d[field]?.DeepClone(),
        "capacity" => d["private"]?.GetValue<bool>() == true ? "private" : "public",
        "dataset_type" => FakeCkanStore.Str(d, "type") ?? "dataset",
        "organization" => FakeCkanStore.Str(d, "owner_org") is { } org ? FakeCkanStore.Str(ctx.Store.FindGroup(org, organization: true), "name") : null,
        "metadata_modified" or "metadata_created" => SolrDate(FakeCkanStore.Str(d, field)),
        "tags" or "groups" => Names(d[field], "name"),
        "res_url" => new JsonArray(((JsonArray)Render.Dataset(ctx, d)["resources"]!).Select(r => r?["url"]?.DeepClone()).Where(n => n is not null).ToArray()), // as package_show shows them when indexed
        "res_name" => Names(d["resources"], "name"),
        "res_format" => Names(d["resources"], "format"),
        // Any other stored field is an extra, indexed under its own key (the first of that key).
        _ => (d["extras"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => FakeCkanStore.Str(e, "key") == field)?["value"]?.DeepClone(),
    };

    /// <summary>fl as CKAN takes it: a list, or names separated by commas or spaces.</summary>
    public static IReadOnlyCollection<string>? Fields(JsonNode? fl) => fl switch
    {
        null => null,
        JsonArray list => list.Select(n => n?.ToString() ?? "").Where(f => f.Length > 0).ToList(),
        _ => fl.ToString().Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    private static JsonArray Names(JsonNode? list, string field) =>
        new((list as JsonArray ?? []).OfType<JsonObject>().Select(o => o[field]?.DeepClone()).Where(n => n is not null).ToArray());

    private static string? SolrDate(string? stored) =>
        stored is not null && DateTime.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : null;
}
