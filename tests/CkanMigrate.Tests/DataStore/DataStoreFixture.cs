using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.DataStore;

/// <summary>
/// Tables made on a FakeCkan through its own API (datastore_create, then datastore_upsert), as
/// XLoader or an operator would: every column type the tool must carry, nulls, non-ASCII text, a
/// data dictionary, a unique key and an index.
/// </summary>
internal static class DataStoreFixture
{
    public static Dictionary<string, string?> Keys(FakeCkanServer source, FakeCkanServer target) =>
        new() { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

    public static CkanClient Client(FakeCkanServer ckan, bool anonymous = false) =>
        new(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = anonymous ? null : ckan.SysadminToken, MaxRetries = 0 });

    /// <summary>A dataset (public or private) with one link resource; returns the resource id.</summary>
    public static string Dataset(FakeCkanServer ckan, string org, string name, bool isPrivate = false)
    {
        Seed.Dataset(ckan, name, org, isPrivate);
        return Seed.DeterministicId("resource", name);
    }

    public static JsonArray TypedFields() =>
    [
        new JsonObject { ["id"] = "id", ["type"] = "int", ["info"] = new JsonObject { ["label"] = "Identifier", ["notes"] = "Primary key", ["type_override"] = "int" } },
        new JsonObject { ["id"] = "name", ["type"] = "text", ["info"] = new JsonObject { ["label"] = "Nom ünïcode", ["notes"] = "naïve — 名前", ["type_override"] = "" } },
        new JsonObject { ["id"] = "amount", ["type"] = "numeric" },
        new JsonObject { ["id"] = "ts", ["type"] = "timestamp" },
        new JsonObject { ["id"] = "meta", ["type"] = "json" },
        new JsonObject { ["id"] = "tags", ["type"] = "_text" },
        new JsonObject { ["id"] = "counts", ["type"] = "_int4" },
    ];

    /// <summary>Row <paramref name="i"/> of the typed table: every 7th has nulls, json takes objects, lists and strings.</summary>
    public static JsonObject TypedRow(int i) => new()
    {
        ["id"] = i,
        ["name"] = i % 7 == 0 ? null : $"naïve-{i} 名前 \"q\"",
        ["amount"] = i == 12_345 ? "12345678901234567890.123456789" : i % 7 == 0 ? null : $"{i}.{i % 100:D2}",
        ["ts"] = i % 7 == 0 ? null : i % 2 == 0 ? "2026-01-02T03:04:05Z" : "2026-01-02 03:04:05+02:00",
        ["meta"] = (i % 3) switch { 0 => new JsonObject { ["z"] = i, ["a"] = new JsonArray(1, "x") }, 1 => new JsonArray(i, "ß"), _ => JsonValue.Create("str") },
        ["tags"] = i % 7 == 0 ? null : new JsonArray("a", $"ß{i}"),
        ["counts"] = new JsonArray(i, i * 2),
    };

    /// <summary>Makes the typed table of <paramref name="rows"/> rows (key id, index on name) behind a resource.</summary>
    public static async Task TypedTableAsync(FakeCkanServer ckan, string resourceId, int rows)
    {
        using var client = Client(ckan);
        await client.CallAsync("datastore_create", new JsonObject
        {
            ["resource_id"] = resourceId, ["force"] = true, ["fields"] = TypedFields(), ["primary_key"] = "id", ["indexes"] = "name",
        });
        for (var start = 0; start < rows; start += 2000)
            await client.CallAsync("datastore_upsert", new JsonObject
            {
                ["resource_id"] = resourceId, ["force"] = true, ["method"] = "insert",
                ["records"] = new JsonArray(Enumerable.Range(start + 1, Math.Min(2000, rows - start)).Select(i => (JsonNode)TypedRow(i)).ToArray()),
            });
    }

    /// <summary>A table as datastore_search shows it: its fields, and its rows in _id order without _id.</summary>
    public static async Task<(string Fields, List<string> Rows)> ShownAsync(FakeCkanServer ckan, string resourceId)
    {
        using var client = Client(ckan);
        var rows = new List<string>();
        string? fields = null;
        for (var offset = 0; ; offset += 32000)
        {
            var page = await client.CallAsync("datastore_search", new JsonObject { ["resource_id"] = resourceId, ["limit"] = 32000, ["offset"] = offset, ["sort"] = "_id" });
            fields ??= page!["fields"]!.ToJsonString();
            var records = page!["records"]!.AsArray();
            foreach (var r in records.OfType<JsonObject>())
            {
                r.Remove("_id");
                rows.Add(r.ToJsonString());
            }
            if (records.Count < 32000) break;
        }
        return (fields!, rows);
    }
}
