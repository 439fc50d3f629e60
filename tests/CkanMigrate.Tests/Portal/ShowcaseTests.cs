using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, showcases (ckanext-showcase): matched by name (create refuses an id), written whole
/// when they change (update replaces everything and fails without image_url), their datasets linked
/// by name (ids the target refused included) and unlinked when the source unlinks them, those past
/// the list's 100 rows and the private ones found all the same; a target without the plugin rejects
/// every showcase with that reason.
/// </summary>
public sealed class ShowcaseTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q",
            "--retries", "1", "--retry-delay", "0.01", .. more], WholePortal.Keys(source, target));

    private static void Portal(FakeCkanServer source)
    {
        Seed.User(source, "cat");
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Dataset(source, "maps", org);
        Seed.Dataset(source, "roads", org);
        Seed.Dataset(source, "secret-roads", org, isPrivate: true);
        WholePortal.Showcases(source);
    }

    private static List<string> DatasetsOf(FakeCkanServer ckan, string showcase) =>
        ckan.Store.Portal.ShowcaseDatasetIds(showcase).Select(id => ckan.Store.GetDataset(id)!["name"]!.ToString()).Order().ToList();

    [Fact]
    public async Task A_changed_showcase_is_written_whole_and_a_dataset_unlinked_at_the_source_is_unlinked_on_the_target()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        source.Store.EditDataset("map-app", d => d["title"] = "Map app, second edition");
        await SiteCalls.CallAsync(source, "ckanext_showcase_package_association_delete", new JsonObject { ["showcase_id"] = "map-app", ["package_id"] = "maps" });
        target.Calls.Reset();

        var again = await Run(source, target);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Stdout.Contains("| load | showcases | 0 created, 1 updated, 2 unchanged", StringComparison.Ordinal), again.Stdout);
        var mapApp = target.Store.GetDataset("map-app")!;
        Assert.Equal("Map app, second edition", mapApp["title"]!.ToString());
        // The full replace kept what was sent with it: tags, extras, the image (no file sent again).
        Assert.Equal(["apps", "maps"], mapApp["tags"]!.AsArray().Select(t => t!["name"]!.ToString()).Order());
        Assert.Contains(mapApp["extras"]!.AsArray(), e => e!["key"]!.ToString() == "platform" && e["value"]!.ToString() == "web");
        Assert.EndsWith("app-shot.png", mapApp["extras"]!.AsArray().Single(e => e!["key"]!.ToString() == "image_url")!["value"]!.ToString());
        Assert.Single(target.Store.Portal.UploadedFiles("showcase"));
        Assert.Equal(["secret-roads"], DatasetsOf(target, "map-app"));
        Assert.Equal(new Dictionary<string, int> { ["ckanext_showcase_update"] = 1, ["ckanext_showcase_package_association_delete"] = 1 },
            target.Calls.Writes().Where(w => w.Key.StartsWith("ckanext_", StringComparison.Ordinal)).ToDictionary());
    }

    [Fact]
    public async Task A_showcase_whose_image_was_replaced_at_the_source_gets_the_new_file_and_keeps_the_rest()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        byte[] newer = [.. WholePortal.Png, 9, 9];
        source.Store.Portal.SeedUploadedFile("showcase", "2026-01-01-000000.000000new-shot.png", newer);
        source.Store.EditDataset("map-app", d =>
        {
            foreach (var extra in d["extras"]!.AsArray().OfType<JsonObject>().Where(e => e["key"]!.ToString() == "image_url")) extra["value"] = "2026-01-01-000000.000000new-shot.png";
        });

        var again = await Run(source, target);

        Assert.True(again.ExitCode == 0, again.ToString());
        var mapApp = target.Store.GetDataset("map-app")!;
        var image = mapApp["extras"]!.AsArray().Single(e => e!["key"]!.ToString() == "image_url")!["value"]!.ToString();
        Assert.EndsWith("new-shot.png", image);
        Assert.Equal(newer, target.Store.Portal.UploadedFiles("showcase")[image]);
        Assert.Contains(mapApp["extras"]!.AsArray(), e => e!["key"]!.ToString() == "platform"); // the form could not carry it: sent again as JSON
        Assert.Equal(["apps", "maps"], mapApp["tags"]!.AsArray().Select(t => t!["name"]!.ToString()).Order());
    }

    [Fact]
    public async Task The_last_showcase_admin_gone_at_the_source_goes_from_the_target_at_the_next_run()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        Assert.Single(target.Store.Portal.ShowcaseAdminIds());
        await SiteCalls.CallAsync(source, "ckanext_showcase_admin_remove", new JsonObject { ["username"] = "cat" });

        var again = await Run(source, target);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Stdout.Contains("| load | showcases | 0 created, 1 updated, 2 unchanged", StringComparison.Ordinal), again.Stdout);
        Assert.Empty(target.Store.Portal.ShowcaseAdminIds());
    }

    [Fact]
    public async Task A_showcase_of_more_datasets_than_its_list_gives_keeps_them_all()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        source.Store.Portal.SeedShowcase(new JsonObject { ["name"] = "atlas", ["title"] = "Atlas", ["image_url"] = "" });
        for (var i = 0; i < 103; i++)
        {
            Seed.Dataset(source, $"ds-{i:D3}", org);
            source.Store.Portal.SeedShowcaseDataset("atlas", $"ds-{i:D3}");
        }

        var run = await Run(source, target);
        var verify = await CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"],
            WholePortal.Keys(source, target));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(103, DatasetsOf(target, "atlas").Count);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_dataset_whose_id_the_target_refused_is_linked_by_its_name()
    {
        await using var source = await FakeCkanServer.StartAsync(); // 2.10 kept a legacy id
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode()); // 2.11 refuses it
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        source.Store.SeedDataset(new JsonObject { ["id"] = "legacy-id-0001", ["name"] = "old-maps", ["title"] = "Old maps", ["owner_org"] = org });
        source.Store.Portal.SeedShowcase(new JsonObject { ["name"] = "atlas", ["title"] = "Atlas", ["image_url"] = "https://example.org/a.png" });
        source.Store.Portal.SeedShowcaseDataset("atlas", "old-maps");

        var run = await Run(source, target);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.NotEqual("legacy-id-0001", target.Store.GetDataset("old-maps")!["id"]!.ToString());
        Assert.Equal(["old-maps"], DatasetsOf(target, "atlas"));
    }

    [Fact]
    public async Task A_target_without_the_showcase_plugin_is_a_line_of_the_dry_run_and_rejects_every_showcase_with_that_reason()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { ShowcasePlugin = false });
        Portal(source);

        var plan = await Run(source, target, "--dry-run");
        var run = await Run(source, target);

        Assert.True(plan.ExitCode == 3, plan.ToString());
        Assert.Contains("| plan | showcases | 0 created, 3 rejected", plan.Stdout);
        Assert.Contains("plan showcases: the target has no showcases: the showcase plugin (ckanext-showcase) is not enabled there (not among its extensions)", plan.Stdout);
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | showcases | 0 created, 3 rejected", run.Stdout);
        Assert.Null(target.Store.GetDataset("map-app")); // not made a dataset either
    }

    [Fact]
    public async Task A_showcase_image_without_its_file_is_named_in_the_rejection_and_the_rest_is_written()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);

        var run = await Run(source, target, "--no-files");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | showcases | 2 created, 1 rejected", run.Stdout);
        Assert.Contains($"its image ({WholePortal.ShowcaseImage}) is an uploaded file and the load was given no files folder", run.Stdout);
        Assert.Equal(["maps", "secret-roads"], DatasetsOf(target, "map-app"));
        Assert.Empty(target.Store.Portal.UploadedFiles("showcase"));
    }
}
