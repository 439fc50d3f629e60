using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, done when: a run from a real-looking source (every kind, the plugins on) to an empty
/// target, then verify, is clean; a second run writes nothing.
/// </summary>
public sealed class WholePortalRunTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q",
            "--retries", "1", "--retry-delay", "0.01", .. more], WholePortal.Keys(source, target));

    private Task<CliResult> Verify(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", .. more],
            WholePortal.Keys(source, target));

    [Fact]
    public async Task A_whole_portal_moves_to_an_empty_target_verifies_clean_and_a_second_run_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Seed(source);

        var run = await Run(source, target, "--site-config", "--followers");
        var verify = await Verify(source, target, "--site-config", "--followers");
        target.Calls.Reset();
        var again = await Run(source, target, "--site-config", "--followers");

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = new[] { "| load | users |", "| load | datasets |", "| load | showcases |", "| load | pages |", "| load | harvest-sources |", "| load | followers |", "| load | site-config |" }
            .Select(row => run.Stdout.IndexOf(row, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, rows);
        Assert.Equal(rows.Order(), rows);
        Assert.Contains("the target's activity history starts at this migration", run.Stdout);

        // showcases: fields, image as a file of the target's, datasets (the private one too), admins
        var mapApp = target.Store.GetDataset("map-app")!;
        Assert.Equal("showcase", mapApp["type"]!.ToString());
        Assert.Equal(["maps", "secret-roads"], target.Store.Portal.ShowcaseDatasetIds("map-app").Select(id => target.Store.GetDataset(id)!["name"]!.ToString()).Order());
        var image = Assert.Single(target.Store.Portal.UploadedFiles("showcase"));
        Assert.EndsWith("app-shot.png", image.Key);
        Assert.Equal(WholePortal.Png, image.Value);
        Assert.Equal([target.Store.GetUser("cat")!["id"]!.ToString()], target.Store.Portal.ShowcaseAdminIds());

        // pages: each, the private one private, the blog's uploaded image on the target and named by the target's URL
        var pages = target.Store.Portal.PageRows().ToDictionary(p => p["name"]!.ToString());
        Assert.Equal(["about", "news", "secret"], pages.Keys.Order());
        Assert.True(pages["secret"]["private"]!.GetValue<bool>());
        var pageImage = Assert.Single(target.Store.Portal.UploadedFiles("page_images"));
        Assert.Contains($"{target.BaseUrl.AbsoluteUri}uploads/page_images/{pageImage.Key}", pages["news"]["content"]!.ToString());
        Assert.DoesNotContain(source.BaseUrl.AbsoluteUri, pages["news"]["content"]!.ToString());

        // settings: the look and the logo file, never the site's own address
        Assert.Equal("Open Data Portal", target.Store.Portal.SiteSetting("ckan.site_title"));
        Assert.Equal("body { color: #111; }", target.Store.Portal.SiteSetting("ckan.site_custom_css"));
        var logo = Assert.Single(target.Store.Portal.UploadedFiles("admin"));
        Assert.Equal("/uploads/admin/" + logo.Key, target.Store.Portal.SiteSetting("ckan.site_logo"));
        Assert.Null(target.Store.Portal.SiteSetting("ckan.site_url"));

        // followers: each follow, as its user; every token made was revoked
        Assert.Equal(5, target.Store.Portal.FollowerRows().Count);
        Assert.Empty(target.Store.Portal.TokenRows("ann"));
        Assert.Empty(target.Store.Portal.TokenRows("bob"));
        Assert.Contains("2 API tokens made, 2 API tokens revoked", run.Stdout);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        var kinds = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!;
        Assert.Equal(3, kinds["showcases"]!["same"]!.GetValue<int>()); // two showcases and the admins
        Assert.Equal(3, kinds["pages"]!["same"]!.GetValue<int>());
        Assert.Equal(2, kinds["followers"]!["same"]!.GetValue<int>());
        Assert.True(kinds["site-config"]!["same"]!.GetValue<int>() >= 7);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(target.Calls.Writes());
        Assert.DoesNotContain("API tokens made", again.Stdout); // nothing to follow, so no token
    }
}
