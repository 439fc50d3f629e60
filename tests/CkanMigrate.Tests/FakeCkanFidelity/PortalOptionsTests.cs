using System.Text;
using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// FakeCkan's portal objects beyond the recording: each site keeps its own and answers consistently
/// after writes (what a dump of one and a load into another rely on), the store accessors see what
/// the API wrote and the API what they seeded, and each plugin or setting can be turned off.
/// </summary>
public sealed class PortalOptionsTests
{
    [Fact]
    public async Task Each_site_keeps_its_own_views_and_the_store_and_the_api_agree()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Dataset(source, "ds", org);
        var (_, made) = await CallAsync(source, "resource_create", new JsonObject { ["package_id"] = "ds", ["url"] = "https://example.org/map.png" });
        var resourceId = made!["result"]!["id"]!.ToString();

        var (_, listed) = await CallAsync(source, "resource_view_list", new JsonObject { ["id"] = resourceId });
        var view = Assert.Single(source.Store.Portal.ResourceViews(resourceId));

        Assert.Equal("Image", view["title"]!.ToString());
        Assert.Equal(view.ToJsonString(), listed!["result"]![0]!.ToJsonString());
        Assert.Empty(target.Store.Portal.ResourceViews(resourceId));

        Seed.Dataset(target, "ds", Seed.Organization(target, "pub")["id"]!.ToString());
        var targetResource = target.Store.GetDataset("ds")!["resources"]![0]!["id"]!.ToString();
        target.Store.Portal.SeedResourceView(new JsonObject { ["resource_id"] = targetResource, ["view_type"] = "webpage_view", ["title"] = "Page", ["page_url"] = "https://example.org/" });
        var (_, seeded) = await CallAsync(target, "resource_view_list", new JsonObject { ["id"] = targetResource });
        Assert.Equal("https://example.org/", seeded!["result"]![0]!["page_url"]!.ToString());
    }

    [Fact]
    public async Task A_site_without_showcase_pages_or_activity_does_not_know_their_actions()
    {
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { ShowcasePlugin = false, PagesPlugin = false, ActivityPlugin = false });

        foreach (var action in new[] { "ckanext_showcase_list", "ckanext_pages_list", "package_activity_list" })
            Assert.Equal(400, (await CallAsync(ckan, action, new JsonObject())).Status);
        var (_, status) = await CallAsync(ckan, "status_show", new JsonObject());
        var extensions = status!["result"]!["extensions"]!.AsArray().Select(e => e!.ToString()).ToList();
        Assert.DoesNotContain("showcase", extensions);
        Assert.DoesNotContain("activity", extensions);
        Assert.Contains("image_view", extensions);
    }

    [Fact]
    public async Task Collaborators_follow_the_two_settings()
    {
        await using var off = await FakeCkanServer.StartAsync(new FakeCkanOptions { AllowDatasetCollaborators = false });
        await using var admins = await FakeCkanServer.StartAsync(new FakeCkanOptions { AllowAdminCollaborators = true });
        foreach (var ckan in new[] { off, admins })
        {
            Seed.Dataset(ckan, "ds", Seed.Organization(ckan, "pub")["id"]!.ToString());
            ckan.Store.SeedUser(new JsonObject { ["name"] = "helper", ["email"] = "helper@example.org" });
        }
        var request = new JsonObject { ["id"] = "ds", ["user_id"] = "helper", ["capacity"] = "admin" };

        var (refused, error) = await CallAsync(off, "package_collaborator_create", (JsonObject)request.DeepClone());
        var (accepted, _) = await CallAsync(admins, "package_collaborator_create", request);

        Assert.Equal(409, refused);
        Assert.Equal("Role must be one of \"editor, member\"", error!["error"]!["message"]!.ToString());
        Assert.Equal(200, accepted);
        Assert.Equal("admin", Assert.Single(admins.Store.Portal.DatasetCollaborators("ds"))["capacity"]!.ToString());
        var (_, disabled) = await CallAsync(off, "package_collaborator_create", new JsonObject { ["id"] = "ds", ["user_id"] = "helper", ["capacity"] = "editor" });
        Assert.Equal("Dataset collaborators not enabled", disabled!["error"]!["message"]!.ToString());
    }

    [Fact]
    public async Task A_view_type_whose_plugin_is_not_loaded_is_neither_made_nor_accepted()
    {
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { ViewPlugins = ["text_view"] });
        Seed.Dataset(ckan, "ds", Seed.Organization(ckan, "pub")["id"]!.ToString());
        var (_, made) = await CallAsync(ckan, "resource_create", new JsonObject { ["package_id"] = "ds", ["url"] = "https://example.org/map.png" });
        var resourceId = made!["result"]!["id"]!.ToString();

        var (status, error) = await CallAsync(ckan, "resource_view_create", new JsonObject { ["resource_id"] = resourceId, ["view_type"] = "image_view", ["title"] = "Map" });

        Assert.Empty(ckan.Store.Portal.ResourceViews(resourceId));
        Assert.Equal(409, status);
        Assert.Equal("No plugin found for view_type image_view", error!["error"]!["view_type"]!.ToString());
    }

    [Fact]
    public async Task Vocabularies_showcases_pages_and_followers_seeded_are_what_the_api_answers()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.Dataset(ckan, "ds", Seed.Organization(ckan, "pub")["id"]!.ToString());
        ckan.Store.SeedUser(new JsonObject { ["name"] = "reader", ["email"] = "reader@example.org" });
        ckan.Store.Portal.SeedVocabulary("themes", "transport", "health");
        ckan.Store.Portal.SeedShowcase(new JsonObject { ["name"] = "app", ["title"] = "App", ["image_url"] = "https://example.org/app.png" });
        ckan.Store.Portal.SeedShowcaseDataset("app", "ds");
        ckan.Store.Portal.SeedPage(new JsonObject { ["name"] = "about", ["title"] = "About", ["content"] = "<p>Hi</p>" });
        ckan.Store.Portal.SeedFollower("dataset", "reader", "ds");

        var (_, vocabulary) = await CallAsync(ckan, "vocabulary_show", new JsonObject { ["id"] = "themes" });
        var (_, showcase) = await CallAsync(ckan, "ckanext_showcase_show", new JsonObject { ["id"] = "app" });
        var (_, pages) = await CallAsync(ckan, "ckanext_pages_list", new JsonObject(), token: null);
        var (_, followers) = await CallAsync(ckan, "dataset_follower_count", new JsonObject { ["id"] = "ds" });
        var (_, search) = await CallAsync(ckan, "package_search", new JsonObject());

        Assert.Equal(2, vocabulary!["result"]!["tags"]!.AsArray().Count);
        Assert.Equal("https://example.org/app.png", showcase!["result"]!["image_display_url"]!.ToString());
        Assert.Equal(1, showcase["result"]!["num_datasets"]!.GetValue<int>());
        Assert.Equal("about", pages!["result"]![0]!["name"]!.ToString());
        Assert.Equal(1, followers!["result"]!.GetValue<int>());
        Assert.Equal(1, search!["result"]!["count"]!.GetValue<int>()); // the showcase is not a search result
    }

    [Fact]
    public async Task A_vocabulary_tag_keeps_its_vocabulary_id_and_tag_id_when_a_resource_is_added()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var vocabulary = ckan.Store.Portal.SeedVocabulary("themes", "transport");
        var tag = new JsonObject { ["name"] = "transport", ["vocabulary_id"] = vocabulary["id"]!.DeepClone() };
        await CallAsync(ckan, "package_create", new JsonObject { ["name"] = "ds", ["owner_org"] = org, ["tags"] = new JsonArray(tag) });

        await CallAsync(ckan, "resource_create", new JsonObject { ["package_id"] = "ds", ["url"] = "https://example.org/data.csv" });

        var (_, shown) = await CallAsync(ckan, "package_show", new JsonObject { ["id"] = "ds" });
        var (_, found) = await CallAsync(ckan, "package_search", new JsonObject { ["fq"] = "vocab_themes:transport" });
        Assert.Equal(vocabulary["tags"]![0]!["id"]!.ToString(), shown!["result"]!["tags"]![0]!["id"]!.ToString());
        Assert.Equal(1, found!["result"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_datatables_view_gets_its_defaults_and_an_update_keeps_only_what_it_sends()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.Dataset(ckan, "ds", Seed.Organization(ckan, "pub")["id"]!.ToString());
        var resourceId = ckan.Store.GetDataset("ds")!["resources"]![0]!["id"]!.ToString();
        await CallAsync(ckan, "datastore_create", new JsonObject { ["resource_id"] = resourceId, ["force"] = true, ["fields"] = new JsonArray(new JsonObject { ["id"] = "a", ["type"] = "int" }) });

        var (_, made) = await CallAsync(ckan, "resource_view_create", new JsonObject
        {
            ["resource_id"] = resourceId, ["view_type"] = "datatables_view", ["title"] = "Table", ["responsive"] = true, ["show_fields"] = new JsonArray("a"),
        });
        var view = made!["result"]!;
        var (_, updated) = await CallAsync(ckan, "resource_view_update", new JsonObject { ["id"] = view["id"]!.DeepClone(), ["title"] = "Renamed" });

        Assert.Equal("""{"id":"ID","resource_id":"RID","title":"Table","description":null,"view_type":"datatables_view","responsive":true,"ellipsis_length":100,"date_format":"llll","show_fields":["a"],"filterable":true,"package_id":"PID"}""",
            Anonymised(view, resourceId));
        Assert.Equal("""{"id":"ID","resource_id":"RID","title":"Renamed","description":null,"view_type":"datatables_view","responsive":false,"ellipsis_length":100,"date_format":"llll","filterable":true,"package_id":"PID"}""",
            Anonymised(updated!["result"]!, resourceId));
    }

    private static string Anonymised(JsonNode view, string resourceId) => view.ToJsonString()
        .Replace(view["id"]!.ToString(), "ID", StringComparison.Ordinal).Replace(resourceId, "RID", StringComparison.Ordinal)
        .Replace(view["package_id"]!.ToString(), "PID", StringComparison.Ordinal);

    private static async Task<(int Status, JsonNode? Body)> CallAsync(FakeCkanServer ckan, string action, JsonObject body, string? token = "")
    {
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/3/action/" + action) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null) message.Headers.TryAddWithoutValidation("Authorization", token.Length > 0 ? token : ckan.SysadminToken);
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text));
    }
}
