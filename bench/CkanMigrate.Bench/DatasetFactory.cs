using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>Realistic-sized datasets (about 3 KB each, 3 resources, tags, extras) for benchmarks.</summary>
internal static class DatasetFactory
{
    public static void Fill(FakeCkanServer ckan, int count, int organizations = 50)
    {
        var orgs = Enumerable.Range(0, organizations).Select(i => ckan.Store.SeedGroup(new JsonObject
        {
            ["id"] = Id("org", i),
            ["name"] = $"publisher-{i:D3}",
            ["title"] = $"Publisher {i}",
        }, organization: true)).ToList();
        for (var i = 0; i < count; i++)
            ckan.Store.SeedDataset(Make(i, orgs[i % organizations]["id"]!.ToString()));
    }

    public static JsonObject Make(int i, string ownerOrg) => new()
    {
        ["id"] = Id("dataset", i),
        ["name"] = $"dataset-{i:D7}",
        ["title"] = $"Monthly statistics series number {i}",
        ["notes"] = string.Concat(Enumerable.Repeat($"Statistics about topic {i % 97} collected every month by the publisher. ", 8)),
        ["owner_org"] = ownerOrg,
        ["private"] = i % 20 == 0,
        ["license_id"] = "uk-ogl",
        ["author"] = "Statistics team",
        ["author_email"] = "stats@example.org",
        ["maintainer"] = null,
        ["url"] = null,
        ["version"] = null,
        ["tags"] = new JsonArray(new JsonObject { ["name"] = "statistics" }, new JsonObject { ["name"] = $"topic-{i % 97}" }),
        ["extras"] = new JsonArray(
            new JsonObject { ["key"] = "theme-primary", ["value"] = "Economy" },
            new JsonObject { ["key"] = "update_frequency", ["value"] = "monthly" }),
        ["resources"] = new JsonArray(Enumerable.Range(0, 3).Select(r => (JsonNode)new JsonObject
        {
            ["id"] = Id($"resource{r}", i),
            ["url"] = $"https://data.example.org/files/{i}/part-{r}.csv",
            ["format"] = "CSV",
            ["description"] = $"Part {r} of the series, one row per month",
            ["name"] = $"part-{r}",
            ["created"] = "2018-04-12T17:07:36.284461",
        }).ToArray()),
    };

    public static string Id(string kind, int i) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{kind}/{i}"))).ToString();
}
