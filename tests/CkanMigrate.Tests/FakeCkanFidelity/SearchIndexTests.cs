using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>FakeCkan's package_search is an index beside the database, as CKAN's Solr is (issue #10 §7, §8).</summary>
public sealed class SearchIndexTests
{
    [Fact]
    public async Task Search_answers_with_the_copy_indexed_last_which_can_lag_behind_the_database()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        Seed.Dataset(ckan, "ds", org);
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = ckan.SysadminToken });
        async Task<string> SearchedTitle() => (await client.CallAsync("package_search", new JsonObject { ["q"] = "name:ds" }))!["results"]![0]!["title"]!.ToString();

        ckan.Store.PauseIndexing();
        ckan.Store.EditDataset("ds", d => d["title"] = "Edited");
        var lagging = await SearchedTitle();
        var shown = (await client.CallAsync("package_show", new JsonObject { ["id"] = "ds" }))!["title"]!.ToString();
        ckan.Store.ResumeIndexing();

        Assert.Equal("Dataset ds", lagging);
        Assert.Equal("Edited", shown);
        Assert.Equal("Edited", await SearchedTitle());
    }

    [Fact]
    public async Task Search_with_fl_returns_only_stored_index_fields_as_recorded()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        Seed.Dataset(ckan, "secret", org, isPrivate: true);
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = ckan.SysadminToken });

        var page = await client.CallAsync("package_search", new JsonObject
        {
            ["q"] = "*:*", ["fl"] = "id,name,metadata_modified,private,state,capacity,owner_org,type,organization", ["include_private"] = true,
        });

        var doc = (JsonObject)page!["results"]![0]!;
        Assert.Equal(["capacity", "id", "metadata_modified", "name", "organization", "state"], doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("private", doc["capacity"]!.ToString());
        Assert.Equal("pub", doc["organization"]!.ToString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", doc["metadata_modified"]!.ToString());
    }
}
