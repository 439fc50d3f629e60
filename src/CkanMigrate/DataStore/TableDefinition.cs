using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CkanMigrate.DataStore;

/// <summary>
/// What a dumped DataStore table is, kept beside its rows as <c>RESOURCE.table.json</c>: the
/// resource it belongs to (and where in its dataset, for a target that gave it another id), its
/// columns in order with their types and data dictionary (<c>info</c>), its unique key (CKAN's
/// primary_key) and indexed columns, and what proves the rows file whole: row count, bytes, SHA-256.
/// </summary>
public sealed record TableDefinition
{
    [JsonPropertyName("resource_id")] public required string ResourceId { get; init; }
    [JsonPropertyName("package_id")] public string? PackageId { get; init; }
    [JsonPropertyName("package_name")] public string? PackageName { get; init; }
    [JsonPropertyName("position")] public int Position { get; init; }
    /// <summary>[{id, type, info?}] without _id, in the table's column order; types as the site reports them (int4, not int).</summary>
    [JsonPropertyName("fields")] public required JsonArray Fields { get; init; }
    /// <summary>null when the source would not say (a key that may not write there).</summary>
    [JsonPropertyName("primary_key")] public List<string>? PrimaryKey { get; init; }
    [JsonPropertyName("indexes")] public List<string> Indexes { get; init; } = [];
    [JsonPropertyName("rows")] public long Rows { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
    [JsonPropertyName("sha256")] public string Sha256 { get; init; } = "";
    /// <summary>The dump that wrote it (see <see cref="DataStoreFolder"/>).</summary>
    [JsonPropertyName("dump_id")] public string DumpId { get; init; } = "";

    public IReadOnlyList<string> Columns => Fields.OfType<JsonObject>().Select(f => f["id"]!.GetValue<string>()).ToList();

    /// <summary>The definition alone (fields, key, indexes) as one digest: what must match for a table to count as the same.</summary>
    public string ShapeDigest()
    {
        var shape = new JsonObject
        {
            ["fields"] = TableShape.Canonical(Fields),
            ["primary_key"] = new JsonArray((PrimaryKey ?? []).Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()),
            ["indexes"] = new JsonArray(Indexes.Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()),
        };
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(shape.ToJsonString())))[..16];
    }
}
