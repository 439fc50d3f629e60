using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, resource views: after a load the target's views of each resource are exactly the
/// source's (types, titles, descriptions, settings, order), the views CKAN made by itself included;
/// a second load writes nothing; a type the target lacks is rejected with that reason.
/// </summary>
public sealed class ViewsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Cli(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync([.. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "1", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    private static readonly string[] ViewWrites = ["resource_view_create", "resource_view_update", "resource_view_delete", "resource_view_reorder"];

    private static int Writes(FakeCkanServer ckan) => ViewWrites.Sum(a => ckan.Calls[a]);

    /// <summary>A source with one dataset and its views; the dataset dumped and loaded into the target (which makes its default views).</summary>
    private async Task<string> DatasetsMovedAsync(FakeCkanServer source, FakeCkanServer target)
    {
        var org = Seed.Organization(source, "pub");
        Seed.Organization(target, "pub");
        PortalSample.Dataset(source, "maps", org["id"]!.ToString());
        PortalSample.Views(source, "maps");
        var datasets = _dir.File("datasets.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "datasets", "--all", "-O", datasets)).ExitCode);
        var loaded = await Cli(target, "load", "datasets", "-I", datasets);
        Assert.True(loaded.ExitCode == 0, loaded.ToString());
        return datasets;
    }

    [Fact]
    public async Task A_resources_views_end_exactly_as_the_sources_default_views_deleted_and_a_second_load_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var datasets = await DatasetsMovedAsync(source, target);
        Assert.Equal(["Image"], target.Store.Portal.ResourceViews(PortalSample.Resource("maps", 3)).Select(v => v["title"]!.ToString())); // CKAN's own, which the source deleted
        var views = _dir.File("views.jsonl");
        source.Calls.Reset();

        var dump = await Cli(source, "dump", "views", "--all", "-I", datasets, "-O", views, "-p", "4");
        var load = await Cli(target, "load", "views", "-I", views, "-l", _dir.File("views.log"));
        target.Calls.Reset();
        var again = await Cli(target, "load", "views", "-I", views);

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(1 + 4, source.Calls["resource_view_list"]); // whether the site has views at all, then one per resource
        Assert.Equal(0, source.Calls["package_show"] + source.Calls["package_search"]); // the resources came from the datasets dump
        Assert.True(load.ExitCode == 0, load.ToString());
        for (var position = 0; position < 4; position++)
            Assert.Equal(PortalSample.Shown(source, PortalSample.Resource("maps", position)), PortalSample.Shown(target, PortalSample.Resource("maps", position)));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("4 unchanged", again.Stderr);
        Assert.Equal(0, Writes(target));
    }

    [Fact]
    public async Task The_order_is_set_and_a_view_changed_at_the_source_is_updated_with_all_its_settings()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var datasets = await DatasetsMovedAsync(source, target);
        var views = _dir.File("views.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "views", "--all", "-I", datasets, "-O", views)).ExitCode);
        Assert.Equal(0, (await Cli(target, "load", "views", "-I", views)).ExitCode);
        // At the source: the text view moves first, and the image view gets a new description (its image_url stays).
        var resource = PortalSample.Resource("maps", 1);
        var ids = source.Store.Portal.ResourceViews(resource).Select(v => v["id"]!.ToString()).Reverse().ToArray();
        await SiteCalls.CallAsync(source, "resource_view_reorder", new JsonObject { ["id"] = resource, ["order"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()) });
        var image = source.Store.Portal.ResourceViews(PortalSample.Resource("maps", 0))[0];
        image["description"] = "Described again";
        await SiteCalls.CallAsync(source, "resource_view_update", image);
        Assert.Equal(0, (await Cli(source, "dump", "views", "--all", "-I", datasets, "-O", views)).ExitCode);
        target.Calls.Reset();

        var load = await Cli(target, "load", "views", "-I", views);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("2 updated, 2 unchanged", load.Stderr);
        Assert.Equal(1, target.Calls["resource_view_reorder"]);
        Assert.Equal(1, target.Calls["resource_view_update"]);
        Assert.Equal(["As text", "Web page"], target.Store.Portal.ResourceViews(resource).Select(v => v["title"]!.ToString()));
        var arrived = target.Store.Portal.ResourceViews(PortalSample.Resource("maps", 0)).Single();
        Assert.Equal("Described again", arrived["description"]!.ToString());
        Assert.Equal("https://example.org/img/logo-big.png", arrived["image_url"]!.ToString());
    }

    [Fact]
    public async Task A_view_type_the_target_lacks_is_rejected_with_that_reason_and_the_resources_other_views_arrive()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { ViewPlugins = ["image_view", "text_view", "datatables_view"] });
        var datasets = await DatasetsMovedAsync(source, target);
        var views = _dir.File("views.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "views", "--all", "-I", datasets, "-O", views)).ExitCode);
        var rejects = _dir.File("views.rejects.jsonl");

        var load = await Cli(target, "load", "views", "-I", views, "-l", _dir.File("views.log"), "--rejects", rejects);

        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Contains("1 rejected", load.Stderr);
        Assert.Contains("the target has no webpage_view plugin", load.Stderr);
        Assert.Contains(PortalSample.Resource("maps", 1), File.ReadAllText(rejects));
        Assert.Equal(["As text"], target.Store.Portal.ResourceViews(PortalSample.Resource("maps", 1)).Select(v => v["title"]!.ToString()));
        var log = JsonLinesFile.Read(_dir.File("views.log"));
        Assert.All(log, entry => Assert.Empty(entry.Select(p => p.Key).Except(CkanMigrate.Reporting.LogFields.Load)));
        Assert.Equal(Seed.DeterministicId("dataset", "maps"), log.Single(e => e["outcome"]!.ToString() == "rejected")["dataset"]!.ToString());
    }

    [Fact]
    public async Task Views_follow_their_resource_to_the_target_copy_the_dataset_was_matched_to_by_name()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub");
        PortalSample.Dataset(source, "maps", org["id"]!.ToString());
        PortalSample.Views(source, "maps");
        // The target's copy of "maps" has ids of its own (as a target that refused the source's ids gives).
        var targetOrg = Seed.Organization(target, "pub")["id"]!.ToString();
        var copy = target.Store.SeedDataset(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(), ["name"] = "maps", ["owner_org"] = targetOrg,
            ["resources"] = new JsonArray(Enumerable.Range(0, 4).Select(_ => (JsonNode)new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["url"] = "https://example.org/x" }).ToArray()),
        });
        var views = _dir.File("views.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "views", "--all", "-O", views)).ExitCode);

        var load = await Cli(target, "load", "views", "-I", views);

        Assert.True(load.ExitCode == 0, load.ToString());
        var targetResource = copy["resources"]![1]!["id"]!.ToString();
        Assert.Equal(PortalSample.Shown(source, PortalSample.Resource("maps", 1)), PortalSample.Shown(target, targetResource));
        Assert.Contains("4 unchanged", (await Cli(target, "load", "views", "-I", views)).Stderr);
    }

    [Fact]
    public async Task A_211_target_keeps_the_views_ids()
    {
        await using var source = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        var datasets = await DatasetsMovedAsync(source, target);
        var views = _dir.File("views.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "views", "--all", "-I", datasets, "-O", views)).ExitCode);

        var load = await Cli(target, "load", "views", "-I", views);

        Assert.True(load.ExitCode == 0, load.ToString());
        var resource = PortalSample.Resource("maps", 1);
        Assert.Equal(source.Store.Portal.ResourceViews(resource).Select(v => v["id"]!.ToString()), target.Store.Portal.ResourceViews(resource).Select(v => v["id"]!.ToString()));
    }
}
