using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// FakeCkan's portal actions where the recordings do not reach, each checked against the source it
/// imitates: CKAN 2.10's followee_list, ckanext-showcase 1.8's schema (tag_string) and link lists
/// (package_search with rows 100, no private datasets), ckanext-pages' pages_upload.
/// </summary>
public sealed class PortalSourceTests
{
    [Fact]
    public async Task Followee_list_gives_a_followed_user_as_its_dict()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.User(ckan, "ann");
        Seed.User(ckan, "bob");
        ckan.Store.Portal.SeedFollower("user", "ann", "bob");
        ckan.Store.Portal.SeedFollower("dataset", "ann", Seed.Dataset(ckan, "ds", Seed.Organization(ckan, "pub")["id"]!.ToString())["name"]!.ToString());

        var (status, body) = await CallAsync(ckan, "followee_list", new JsonObject { ["id"] = "ann" });
        var (listStatus, users) = await CallAsync(ckan, "user_followee_list", new JsonObject { ["id"] = "ann" });

        Assert.Equal(200, status);
        var rows = body!["result"]!.AsArray();
        Assert.Equal(["dataset", "user"], rows.Select(r => r!["type"]!.ToString()).Order());
        Assert.Equal("bob", rows.Single(r => r!["type"]!.ToString() == "user")!["dict"]!["name"]!.ToString());
        Assert.Equal(200, listStatus);
        Assert.Equal("bob", users!["result"]![0]!["name"]!.ToString());
    }

    [Fact]
    public async Task A_showcase_made_from_a_form_takes_its_tags_from_tag_string_and_its_image_from_the_file()
    {
        await using var ckan = await FakeCkanServer.StartAsync();

        var (status, body) = await UploadAsync(ckan, "ckanext_showcase_create",
            new Dictionary<string, string> { ["name"] = "app", ["title"] = "App", ["tag_string"] = "maps, apps ,," }, "image_upload", "shot.png");

        Assert.Equal(200, status);
        var made = body!["result"]!;
        Assert.Equal(["apps", "maps"], made["tags"]!.AsArray().Select(t => t!["name"]!.ToString()).Order());
        var stored = Assert.Single(ckan.Store.Portal.UploadedFiles("showcase"));
        Assert.Equal(stored.Key, made["image_url"]!.ToString());
        Assert.EndsWith("shot.png", stored.Key);
    }

    [Fact]
    public async Task A_showcase_lists_at_most_100_datasets_and_no_private_one()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        ckan.Store.Portal.SeedShowcase(new JsonObject { ["name"] = "app", ["image_url"] = "" });
        for (var i = 0; i < 102; i++)
        {
            Seed.Dataset(ckan, $"ds-{i:D3}", org, isPrivate: i == 0);
            ckan.Store.Portal.SeedShowcaseDataset("app", $"ds-{i:D3}");
        }

        var (_, listed) = await CallAsync(ckan, "ckanext_showcase_package_list", new JsonObject { ["showcase_id"] = "app" });
        var (_, ofPrivate) = await CallAsync(ckan, "ckanext_package_showcase_list", new JsonObject { ["package_id"] = "ds-000" });

        Assert.Equal(100, listed!["result"]!.AsArray().Count);
        Assert.DoesNotContain(listed["result"]!.AsArray(), d => d!["name"]!.ToString() == "ds-000");
        Assert.Equal("app", ofPrivate!["result"]![0]!["name"]!.ToString()); // a private dataset's showcases are listed
    }

    [Fact]
    public async Task Pages_upload_stores_an_image_and_answers_its_absolute_url_to_sysadmins_only()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var token = "reader-token-0123456789";
        ckan.Store.SeedUser(new JsonObject { ["name"] = "reader", ["email"] = "reader@example.org" }, token);

        var (status, body) = await UploadAsync(ckan, "ckanext_pages_upload", [], "upload", "chart.png");
        var (refused, _) = await UploadAsync(ckan, "ckanext_pages_upload", [], "upload", "chart.png", token);

        Assert.Equal(200, status);
        var stored = Assert.Single(ckan.Store.Portal.UploadedFiles("page_images"));
        Assert.Equal(1, body!["result"]!["uploaded"]!.GetValue<int>());
        Assert.Equal(stored.Key, body["result"]!["fileName"]!.ToString());
        Assert.Equal($"{ckan.BaseUrl.AbsoluteUri}uploads/page_images/{stored.Key}", body["result"]!["url"]!.ToString());
        using var http = new HttpClient();
        Assert.Equal(stored.Value, await http.GetByteArrayAsync(body["result"]!["url"]!.ToString()));
        Assert.Equal(500, refused); // the action's abort(401), as the API answers it
    }

    private static async Task<(int Status, JsonNode? Body)> CallAsync(FakeCkanServer ckan, string action, JsonObject body)
    {
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/3/action/" + action) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.TryAddWithoutValidation("Authorization", ckan.SysadminToken);
        using var response = await http.SendAsync(message);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<(int Status, JsonNode? Body)> UploadAsync(FakeCkanServer ckan, string action, Dictionary<string, string> fields, string fileField, string fileName,
        string? token = null)
    {
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        using var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        var file = new ByteArrayContent([0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, fileField, fileName);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/3/action/" + action) { Content = form };
        message.Headers.TryAddWithoutValidation("Authorization", token ?? ckan.SysadminToken);
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null);
    }
}
