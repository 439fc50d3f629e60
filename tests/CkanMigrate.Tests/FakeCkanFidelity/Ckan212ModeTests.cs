using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// FakeCkan's 2.12 mode, as CKAN's master branch has it (unreleased, so no recording): a
/// sysadmin's metadata_modified is kept (schema: ignore_not_sysadmin, ignore_missing, isodate) and a
/// resource write stamps the dataset; api_token_create takes id, created_at and last_access from a
/// sysadmin; datastore_search gives next_page and takes range filters, and no longer _links. Before
/// 2.12 none of it: metadata_modified is the site's, and include_next_page is "not expected".
/// </summary>
public sealed class Ckan212ModeTests
{
    private const string EditorKey = "editor-key-212";
    private const string Old = "2020-01-02T03:04:05.123456";

    [Fact]
    public async Task A_sysadmins_metadata_modified_is_kept_and_a_resource_write_stamps_the_time()
    {
        await using var ckan = await StartAsync();
        var (created, body) = await PostAsync(ckan, "package_create", new JsonObject { ["name"] = "mirrored", ["owner_org"] = "org", ["metadata_modified"] = Old });
        var (_, patched) = await PostAsync(ckan, "package_patch", new JsonObject { ["id"] = "mirrored", ["notes"] = "edited" });
        await PostAsync(ckan, "package_patch", new JsonObject { ["id"] = "mirrored", ["metadata_modified"] = Old });
        var (resourceStatus, _) = await PostAsync(ckan, "resource_create", new JsonObject { ["package_id"] = "mirrored", ["url"] = "http://x/a.csv" });

        Assert.Equal(200, created);
        Assert.Equal(Old, body["result"]!["metadata_modified"]!.ToString());
        Assert.NotEqual(Old, patched["result"]!["metadata_modified"]!.ToString()); // a real change without a time sent: now
        Assert.Equal(200, resourceStatus);
        Assert.NotEqual(Old, ckan.Store.GetDataset("mirrored")!["metadata_modified"]!.ToString());
    }

    [Theory]
    [InlineData(FakeCkanOptions.Ckan212, EditorKey, false)] // ignore_not_sysadmin
    [InlineData(FakeCkanOptions.Ckan211, null, false)] // not in 2.11's schema: dropped with the keys it does not know
    [InlineData(FakeCkanOptions.Ckan212, null, true)]
    public async Task Only_a_212_sysadmin_sets_it(string version, string? key, bool kept)
    {
        await using var ckan = await StartAsync(version);
        var (status, body) = await PostAsync(ckan, "package_create", new JsonObject { ["name"] = "mirrored", ["owner_org"] = "org", ["metadata_modified"] = Old }, key);

        Assert.Equal(200, status);
        Assert.Equal(kept, body["result"]!["metadata_modified"]!.ToString() == Old);
    }

    [Fact]
    public async Task A_metadata_modified_that_is_not_a_date_is_refused_with_the_other_errors_and_nothing_is_written()
    {
        await using var ckan = await StartAsync();
        var (status, body) = await PostAsync(ckan, "package_create", new JsonObject { ["name"] = "", ["metadata_modified"] = "not a date" });

        Assert.Equal(409, status);
        Assert.Equal("""["Date format incorrect"]""", body["error"]!["metadata_modified"]!.ToJsonString());
        Assert.Equal("""["Missing value"]""", body["error"]!["name"]!.ToJsonString());
        Assert.Empty(ckan.Calls.Writes());
    }

    [Fact]
    public async Task A_sysadmin_migrates_a_token_with_its_id_and_times()
    {
        await using var ckan = await StartAsync();
        var (status, body) = await PostAsync(ckan, "api_token_create", new JsonObject
        {
            ["user"] = "editor", ["name"] = "moved", ["id"] = "token-id-from-the-old-site", ["created_at"] = "2021-02-03T04:05:06", ["last_access"] = "2024-01-01T00:00:00",
        });
        var (_, list) = await PostAsync(ckan, "api_token_list", new JsonObject { ["user_id"] = "editor" });

        Assert.Equal(200, status);
        Assert.Equal("token-id-from-the-old-site", body["result"]!["id"]!.ToString());
        var row = list["result"]!.AsArray().Single()!;
        Assert.Equal("token-id-from-the-old-site", row["id"]!.ToString());
        Assert.Equal("2021-02-03T04:05:06", row["created_at"]!.ToString());
        Assert.Equal("2024-01-01T00:00:00", row["last_access"]!.ToString());
    }

    [Fact]
    public async Task DataStore_pages_by_next_page_in_212_and_refuses_the_parameter_before()
    {
        await using var ckan = await StartAsync();
        await using var older = await StartAsync(FakeCkanOptions.Ckan211);
        foreach (var site in new[] { ckan, older })
        {
            await PostAsync(site, "package_create", new JsonObject { ["name"] = "table", ["owner_org"] = "org", ["resources"] = new JsonArray(new JsonObject { ["id"] = ResourceId, ["url"] = "http://x/t.csv" }) });
            await PostAsync(site, "datastore_create", new JsonObject
            {
                ["resource_id"] = ResourceId, ["force"] = true, ["fields"] = new JsonArray(new JsonObject { ["id"] = "n", ["type"] = "int" }),
                ["records"] = new JsonArray(Enumerable.Range(1, 5).Select(i => (JsonNode)new JsonObject { ["n"] = i }).ToArray()),
            });
        }

        var (_, first) = await PostAsync(ckan, "datastore_search", new JsonObject { ["resource_id"] = ResourceId, ["limit"] = 2, ["include_next_page"] = true, ["sort"] = "_id" });
        var next = first["result"]!["next_page"]!.AsObject();
        var (_, second) = await PostAsync(ckan, "datastore_search", new JsonObject { ["resource_id"] = ResourceId, ["limit"] = 2, ["include_next_page"] = true, ["sort"] = "_id", ["filters"] = next.DeepClone() });
        var (refused, junk) = await PostAsync(older, "datastore_search", new JsonObject { ["resource_id"] = ResourceId, ["include_next_page"] = true });

        Assert.Equal("""{"_id":{"gt":2}}""", next.ToJsonString());
        Assert.Null(first["result"]!["_links"]);
        Assert.Equal([3, 4], second["result"]!["records"]!.AsArray().Select(r => r!["n"]!.GetValue<int>()));
        Assert.Equal(409, refused);
        Assert.Equal("The input field [('include_next_page',)] was not expected.", junk["error"]!["__junk"]![0]!.ToString());
    }

    private const string ResourceId = "5c1e6b7a-0b4d-4f8e-9a2b-3c4d5e6f7a8b";

    private static async Task<FakeCkanServer> StartAsync(string version = FakeCkanOptions.Ckan212)
    {
        var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { CkanVersion = version });
        ckan.Store.SeedGroup(new JsonObject { ["name"] = "org" }, organization: true);
        ckan.Store.SeedUser(new JsonObject { ["name"] = "editor", ["email"] = "editor@example.org" }, EditorKey);
        ckan.Store.EditGroup("org", g => g["members"] = new JsonArray(new JsonObject { ["user_id"] = ckan.Store.GetUser("editor")!["id"]!.DeepClone(), ["capacity"] = "editor" }));
        return ckan;
    }

    private static async Task<(int Status, JsonObject Body)> PostAsync(FakeCkanServer ckan, string action, JsonObject input, string? key = null)
    {
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/3/action/" + action)
        {
            Content = new StringContent(input.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("Authorization", key ?? ckan.SysadminToken);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
