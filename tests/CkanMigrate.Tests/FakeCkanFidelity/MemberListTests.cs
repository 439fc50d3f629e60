using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// FakeCkan answers an organization's member_list from a table kept until the store changes (as
/// CKAN reads its member table), so the dump's completeness check does not scan every dataset per
/// organization. The answer must still be the store as it is now.
/// </summary>
public sealed class MemberListTests
{
    [Fact]
    public async Task An_organizations_member_list_follows_deletes_and_moves_made_after_it_was_first_asked()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var first = Seed.Organization(ckan, "first")["id"]!.ToString();
        var second = Seed.Organization(ckan, "second")["id"]!.ToString();
        var ids = new[] { "one", "two", "three" }.Select(name => Seed.Dataset(ckan, name, first)["id"]!.ToString()).ToList();
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = ckan.SysadminToken });
        async Task<List<string>> Members(string org) =>
            ((JsonArray)(await client.CallAsync("member_list", new JsonObject { ["id"] = org, ["object_type"] = "package" }))!)
            .Select(row => row![0]!.ToString()).ToList();

        var before = await Members(first);
        ckan.Store.DeleteDataset("two");
        await client.CallAsync("package_patch", new JsonObject { ["id"] = "three", ["owner_org"] = second });

        Assert.Equal(ids, before); // oldest first
        Assert.Equal([ids[0]], await Members(first));
        Assert.Equal([ids[2]], await Members(second));
    }
}
