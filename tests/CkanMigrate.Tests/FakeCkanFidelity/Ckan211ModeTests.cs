using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// What FakeCkan's 2.11 mode does that the 2.11 recording shows only in part, as CKAN 2.11's source
/// has it (ckan/logic/schema.py, validators.py, action/create.py, views/__init__.py): which ids a
/// create takes, from whom, and which header carries the key.
/// </summary>
public sealed class Ckan211ModeTests
{
    private const string EditorKey = "editor-key-211";

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")] // 32 hex digits, no dashes
    [InlineData("{01234567-89ab-cdef-0123-456789abcdef}")] // braces
    [InlineData("urn:uuid:01234567-89ab-cdef-0123-456789abcdef")]
    [InlineData("0123-4567-89AB-cdef-0123-4567-89ab-cdef")] // dashes anywhere, any case
    public async Task A_sysadmin_may_set_any_id_Pythons_uuid_reads_and_it_is_kept_as_sent(string id)
    {
        await using var ckan = await StartAsync();
        var (status, body) = await PostAsync(ckan, "package_create", new JsonObject { ["name"] = "kept", ["owner_org"] = "org", ["id"] = id });

        Assert.Equal(200, status);
        Assert.Equal(id, body["result"]!["id"]!.ToString());
    }

    [Theory]
    [InlineData("package_create", """{"name": "data", "owner_org": "org", "id": "legacy-id-1"}""")]
    [InlineData("organization_create", """{"name": "o2", "id": "legacy-org"}""")]
    [InlineData("group_create", """{"name": "g2", "id": "0123456789abcdef"}""")]
    [InlineData("user_create", """{"name": "u2", "email": "u2@example.org", "password": "long-enough-1", "id": "legacy-user"}""")]
    [InlineData("package_create", """{"name": "data", "owner_org": "org", "id": ""}""")] // ignore_missing lets an empty id through to the UUID check
    public async Task A_sysadmins_id_that_is_not_a_uuid_is_refused(string action, string input)
    {
        await using var ckan = await StartAsync();
        var (status, body) = await PostAsync(ckan, action, (JsonObject)JsonNode.Parse(input)!);

        Assert.Equal(409, status);
        Assert.Equal("""{"id":["Invalid id provided"],"__type":"Validation Error"}""", body["error"]!.ToJsonString());
    }

    [Fact]
    public async Task Resource_and_extra_ids_are_checked_in_their_own_slots()
    {
        await using var ckan = await StartAsync();
        var (status, body) = await PostAsync(ckan, "package_create", JsonNode.Parse("""
            {"name": "data", "owner_org": "org", "resources": [{"url": "http://x/a.csv"}, {"id": "res-1", "url": "http://x/b.csv"}],
             "extras": [{"key": "a", "value": "1", "id": "extra-1"}]}
            """)!.AsObject());

        Assert.Equal(409, status);
        Assert.Equal("""[{},{"id":["Invalid id provided"]}]""", body["error"]!["resources"]!.ToJsonString());
        Assert.Equal("""[{"id":["Invalid id provided"]}]""", body["error"]!["extras"]!.ToJsonString());
    }

    [Fact]
    public async Task Only_a_sysadmin_may_send_an_id_except_on_a_resource()
    {
        await using var ckan = await StartAsync();
        var id = Guid.NewGuid().ToString();

        var (groupStatus, group) = await PostAsync(ckan, "group_create", new JsonObject { ["name"] = "eds-group", ["id"] = id }, EditorKey);
        var (resourceStatus, resource) = await PostAsync(ckan, "package_create", JsonNode.Parse($$"""
            {"name": "eds-data", "owner_org": "org", "resources": [{"id": "{{id}}", "url": "http://x/a.csv"}]}
            """)!.AsObject(), EditorKey);

        Assert.Equal(409, groupStatus);
        Assert.Equal("""["The input field id was not expected."]""", group["error"]!["id"]!.ToJsonString());
        Assert.Equal(200, resourceStatus);
        Assert.Equal(id, resource["result"]!["resources"]![0]!["id"]!.ToString());
    }

    [Fact]
    public async Task A_legacy_id_is_still_kept_in_2_10_mode()
    {
        await using var ckan = await StartAsync(FakeCkanOptions.ModernMode());
        var (status, body) = await PostAsync(ckan, "package_create", new JsonObject { ["name"] = "data", ["owner_org"] = "org", ["id"] = "legacy-id-1" });

        Assert.Equal(200, status);
        Assert.Equal("legacy-id-1", body["result"]!["id"]!.ToString());
    }

    [Theory]
    [InlineData(null, "Authorization", true)]
    [InlineData(null, "X-CKAN-API-Key", false)] // 2.11 reads one header only
    [InlineData("X-CKAN-API-TOKEN", "X-CKAN-API-TOKEN", true)]
    [InlineData("X-CKAN-API-TOKEN", "Authorization", false)]
    public async Task The_key_is_read_from_the_configured_header_only(string? configured, string sentIn, bool known)
    {
        await using var ckan = await StartAsync(FakeCkanOptions.Ckan211Mode() with { ApiTokenHeaderName = configured });
        var (status, _) = await PostAsync(ckan, "user_show", [], header: sentIn);

        Assert.Equal(known ? 200 : 404, status); // user_show without an id is the key's own user; anonymous gets 404
    }

    [Fact]
    public async Task Before_2_11_X_CKAN_API_Key_is_read_too()
    {
        await using var ckan = await StartAsync(FakeCkanOptions.ModernMode());
        var (status, _) = await PostAsync(ckan, "user_show", [], header: "X-CKAN-API-Key");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_resource_date_with_an_offset_is_stored_without_its_zone()
    {
        await using var ckan = await StartAsync();
        await PostAsync(ckan, "package_create", new JsonObject { ["name"] = "dated", ["owner_org"] = "org" });
        var (status, body) = await PostAsync(ckan, "resource_create", new JsonObject { ["package_id"] = "dated", ["url"] = "http://x/a.csv", ["last_modified"] = "2024-05-06T09:08:09+02:00" });

        Assert.Equal(200, status);
        Assert.Equal("2024-05-06T07:08:09", body["result"]!["last_modified"]!.ToString()); // as UTC: the recording showed only Z; PostgreSQL in UTC does this
    }

    private static async Task<FakeCkanServer> StartAsync(FakeCkanOptions? options = null)
    {
        var ckan = await FakeCkanServer.StartAsync(options ?? FakeCkanOptions.Ckan211Mode());
        ckan.Store.SeedGroup(new JsonObject { ["name"] = "org", ["users"] = new JsonArray(new JsonObject { ["name"] = "editor", ["capacity"] = "editor" }) }, organization: true);
        ckan.Store.SeedUser(new JsonObject { ["name"] = "editor", ["email"] = "editor@example.org" }, EditorKey);
        ckan.Store.EditGroup("org", g => g["members"] = new JsonArray(new JsonObject { ["user_id"] = ckan.Store.GetUser("editor")!["id"]!.DeepClone(), ["capacity"] = "editor" }));
        return ckan;
    }

    private static async Task<(int Status, JsonObject Body)> PostAsync(FakeCkanServer ckan, string action, JsonObject input, string? key = null, string header = "Authorization")
    {
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/3/action/" + action)
        {
            Content = new StringContent(input.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation(header, key ?? ckan.SysadminToken);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
