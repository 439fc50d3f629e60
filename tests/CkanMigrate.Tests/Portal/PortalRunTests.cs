using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24 through <c>run</c> and <c>verify</c>: the portal kinds in dependency order, each a
/// stage whose counts add up, only when the source has them; a kind the target lacks is a line of
/// the dry run with every record rejected; verify compares them field by field; a second run writes
/// nothing.
/// </summary>
public sealed class PortalRunTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Keys(FakeCkanServer source, FakeCkanServer target) =>
        new() { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q",
            "--retries", "1", "--retry-delay", "0.01", .. more], Keys(source, target));

    private Task<CliResult> Verify(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", .. more], Keys(source, target));

    private static readonly string[] WriteSuffixes = ["_create", "_update", "_patch", "_delete", "_reorder", "_purge"];

    private static int Writes(FakeCkanServer ckan) =>
        ckan.Calls.Snapshot().Where(c => WriteSuffixes.Any(s => c.Key.EndsWith(s, StringComparison.Ordinal))).Sum(c => c.Value);

    /// <summary>Users, an organization with members, a vocabulary a dataset uses, views and collaborators.</summary>
    private static void Portal(FakeCkanServer source)
    {
        Seed.User(source, "ann");
        Seed.User(source, "bob");
        var org = Seed.Organization(source, "pub", ("ann", "admin"), ("bob", "editor"))["id"]!.ToString();
        var themes = source.Store.Portal.SeedVocabulary("themes", "economy", "health")["id"]!.ToString();
        PortalSample.Dataset(source, "maps", org, new JsonArray(new JsonObject { ["name"] = "economy", ["vocabulary_id"] = themes }, new JsonObject { ["name"] = "free" }));
        PortalSample.Views(source, "maps");
        PortalSample.Dataset(source, "roads", org);
        source.Store.Portal.SeedCollaborator("roads", "bob", "member");
    }

    [Fact]
    public async Task A_portal_runs_kind_by_kind_in_order_verifies_clean_and_a_second_run_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);

        var run = await Run(source, target);
        var verify = await Verify(source, target);
        target.Calls.Reset();
        var again = await Run(source, target);

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = new[] { "| load | users |", "| load | organizations |", "| load | vocabularies |", "| load | datasets |", "| load | views |", "| load | collaborators |" }
            .Select(row => run.Stdout.IndexOf(row, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, rows);
        Assert.Equal(rows.Order(), rows); // users → organizations → vocabularies → datasets → views → collaborators
        Assert.Contains("| load | vocabularies | 1 created", run.Stdout);
        Assert.Contains("| load | collaborators | 1 created", run.Stdout);
        var themes = target.Store.Portal.VocabularyList().Single()["id"]!.ToString();
        Assert.Equal(themes, target.Store.GetDataset("maps")!["tags"]!.AsArray().Single(t => t!["name"]!.ToString() == "economy")!["vocabulary_id"]!.ToString());
        for (var position = 0; position < 4; position++)
            Assert.Equal(PortalSample.Shown(source, PortalSample.Resource("maps", position)), PortalSample.Shown(target, PortalSample.Resource("maps", position)));
        Assert.Equal("member", target.Store.Portal.DatasetCollaborators("roads").Single()["capacity"]!.ToString());

        Assert.True(verify.ExitCode == 0, verify.ToString());
        var kinds = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!;
        Assert.Equal(8, kinds["views"]!["same"]!.GetValue<int>());
        Assert.Equal(1, kinds["vocabularies"]!["same"]!.GetValue<int>());
        Assert.Equal(1, kinds["collaborators"]!["same"]!.GetValue<int>());

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("| load | views | 0 created, 8 unchanged", again.Stdout);
        Assert.Equal(0, Writes(target));
    }

    [Fact]
    public async Task Kinds_the_source_has_none_of_are_no_stage_of_the_run()
    {
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { AllowDatasetCollaborators = false });
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        PortalSample.Dataset(source, "maps", org);

        var run = await Run(source, target);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("| vocabularies |", run.Stdout);
        Assert.DoesNotContain("| collaborators |", run.Stdout);
        Assert.DoesNotContain("| showcases |", run.Stdout); // the plugins are on, but it has no showcase, admin or page
        Assert.DoesNotContain("| pages |", run.Stdout);
        Assert.Contains("| load | views |", run.Stdout); // every resource has its views, none included: the target's own default ones go
        Assert.Empty(target.Store.Portal.ResourceViews(PortalSample.Resource("maps", 0)));
    }

    [Fact]
    public async Task A_kind_the_target_lacks_is_a_line_of_the_dry_run_with_every_record_rejected_for_that_reason()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { AllowDatasetCollaborators = false });
        Portal(source);

        var plan = await Run(source, target, "--dry-run");
        var writesOfThePlan = target.Calls.Writes().Values.Sum(); // refused probes (a create that cannot succeed) are not writes
        var run = await Run(source, target);

        Assert.True(plan.ExitCode == 3, plan.ToString());
        Assert.Contains("| plan | collaborators | 0 created, 1 rejected", plan.Stdout);
        Assert.Contains("plan collaborators: the target has no collaborators: dataset collaborators are not enabled there", plan.Stdout);
        Assert.True(plan.Stdout.Contains("| plan | views | 2 created, 6 unchanged", StringComparison.Ordinal), plan.Stdout); // the datasets are still to be made: the views they have would be
        Assert.Equal(0, writesOfThePlan);
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | collaborators | 0 created, 1 rejected", run.Stdout);
        Assert.Contains("ckan.auth.allow_dataset_collaborators is off", run.Stdout);
    }

    [Fact]
    public async Task Verify_names_a_view_that_differs_on_the_target_field_by_field()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        target.Store.Portal.SeedResourceView(new JsonObject { ["resource_id"] = PortalSample.Resource("maps", 2), ["view_type"] = "text_view", ["title"] = "Added on the target" });

        var verify = await Verify(source, target);

        Assert.True(verify.ExitCode == 3, verify.ToString());
        var views = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!["views"]!;
        var differs = views["different"]!.AsArray().Single()!;
        Assert.Equal("maps#2", differs["key"]!.ToString());
        Assert.Contains(differs["fields"]!.AsArray(), f => f!["field"]!.ToString() == "views" && f["target"]!.ToString().Contains("Added on the target"));
    }

    [Fact]
    public async Task A_dataset_whose_last_collaborator_went_at_the_source_loses_it_on_the_target_at_the_next_run()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        Assert.Single(target.Store.Portal.DatasetCollaborators("roads"));
        await SiteCalls.CallAsync(source, "package_collaborator_delete", new JsonObject { ["id"] = "roads", ["user_id"] = "bob" });

        var again = await Run(source, target);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("| load | collaborators | 0 created, 1 updated", again.Stdout);
        Assert.Empty(target.Store.Portal.DatasetCollaborators("roads"));
    }

    [Fact]
    public async Task An_incremental_run_lists_the_views_only_of_resources_whose_dataset_changed()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        PortalSample.Dataset(source, "rivers", source.Store.GetGroup("pub")!["id"]!.ToString());
        Assert.Equal(0, (await Run(source, target, "--since", "auto")).ExitCode);
        source.Store.EditDataset("maps", d => d["title"] = "Maps, revised");
        source.Calls.Reset();
        target.Calls.Reset();

        var again = await Run(source, target, "--since", "auto");

        Assert.True(again.ExitCode == 0, again.ToString());
        var carried = JsonLinesFile.Read(_dir.File("work/1-dump/datasets.jsonl")).Select(d => d["name"]!.ToString()).ToList();
        Assert.Contains("maps", carried);
        Assert.True(carried.Count < 3, string.Join(", ", carried));
        Assert.Equal(1 + 4 * carried.Count, source.Calls["resource_view_list"]); // whether the site has views, then the changed datasets' resources
        Assert.Equal(1, Writes(target)); // the dataset's own update: its views are unchanged
        Assert.Equal(1, target.Calls["package_update"]);
    }

    [Fact]
    public async Task With_no_views_a_run_asks_neither_side_for_views_says_so_and_the_next_incremental_run_moves_them_all()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);

        var without = await Run(source, target, "--since", "auto", "--no-views");

        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.Equal(0, source.Calls["resource_view_list"]);
        Assert.Equal(0, target.Calls["resource_view_list"]);
        Assert.DoesNotContain("| load | views |", without.Stdout);
        Assert.Contains("not moved, as asked: views (--no-views)", without.Stdout);
        Assert.NotEqual(PortalSample.Shown(source, PortalSample.Resource("maps", 1)), PortalSample.Shown(target, PortalSample.Resource("maps", 1)));
        Assert.True((await Verify(source, target, "--no-views")).ExitCode == 0);

        var with = await Run(source, target, "--since", "auto"); // nothing changed at the source since the last run

        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Contains("the last run did not move views: every record was read again", with.Stdout);
        Assert.Contains("| load | views |", with.Stdout);
        for (var position = 0; position < 4; position++)
            Assert.Equal(PortalSample.Shown(source, PortalSample.Resource("maps", position)), PortalSample.Shown(target, PortalSample.Resource("maps", position)));
    }

    [Fact]
    public async Task Views_a_run_rejected_are_carried_again_by_the_next_incremental_run_though_their_dataset_did_not_change()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { ViewPlugins = ["image_view", "text_view", "datatables_view"] });
        Portal(source);
        PortalSample.Dataset(source, "rivers", source.Store.GetGroup("pub")!["id"]!.ToString());
        var plan = await Run(source, target, "--dry-run");
        Assert.True(plan.ExitCode == 3, plan.ToString());
        Assert.Contains("| plan | views | 1 created, 10 unchanged, 1 rejected", plan.Stdout); // the view type the target lacks, said before the run
        Assert.Contains("view 'Web page' (webpage_view): the target has no webpage_view plugin", plan.Stdout);
        var first = await Run(source, target, "--since", "auto");
        Assert.True(first.ExitCode == 3, first.ToString());
        Assert.Contains("the target has no webpage_view plugin", first.Stdout);

        var again = await Run(source, target, "--since", "auto");

        Assert.True(again.ExitCode == 3, again.ToString());
        var views = JsonLinesFile.Read(_dir.File("work/1-dump/views.jsonl")).Select(v => v["resource_id"]!.ToString()).ToList();
        Assert.Contains(PortalSample.Resource("maps", 1), views); // asked again, and rejected again while the plugin is missing
        Assert.Contains("| load | views |", again.Stdout);
    }

    [Fact]
    public async Task A_run_stopped_while_loading_views_resumes_there_and_ends_as_an_uninterrupted_one()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        target.Faults.ChangeAfter("resource_view_create", 1, () => target.Faults.Down = true);

        var broken = await Run(source, target);
        target.Faults.Down = false;
        source.Calls.Reset();
        var resumed = await Run(source, target);
        var viewListsOfTheResume = source.Calls["resource_view_list"];
        var verify = await Verify(source, target);

        Assert.True(broken.ExitCode == 1, broken.ToString());
        Assert.Contains("load views stopped", broken.Stderr);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resumed an interrupted run", resumed.Stdout);
        Assert.Equal(0, viewListsOfTheResume); // the finished views dump was not repeated
        Assert.Contains("| load | collaborators | 1 created", resumed.Stdout);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }
}
