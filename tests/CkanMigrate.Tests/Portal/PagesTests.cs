using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, pages (ckanext-pages): pages and blog posts with their content, order, publication
/// date, private flag and uploaded images; a changed page is written again, a page gone at the
/// source goes, an image the target has already is not sent twice; a target without the plugin
/// rejects every page with that reason.
/// </summary>
public sealed class PagesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q",
            "--retries", "1", "--retry-delay", "0.01", .. more], WholePortal.Keys(source, target));

    private static Dictionary<string, JsonObject> Pages(FakeCkanServer ckan) => ckan.Store.Portal.PageRows().ToDictionary(p => p["name"]!.ToString());

    [Fact]
    public async Task Pages_arrive_with_their_order_dates_privacy_and_images_and_changes_follow_them()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Pages(source);
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        var first = Pages(target);
        await SiteCalls.CallAsync(source, "ckanext_pages_update", new JsonObject
        {
            ["page"] = "news", ["name"] = "news", ["title"] = "News, revised", ["page_type"] = "blog", ["publish_date"] = "2025-03-04T05:06:07", ["private"] = false,
            ["content"] = Pages(source)["news"]["content"]!.ToString() + "<p>More</p>",
        });
        await SiteCalls.CallAsync(source, "ckanext_pages_delete", new JsonObject { ["page"] = "secret" });
        target.Calls.Reset();

        var again = await Run(source, target);

        Assert.Equal("1", first["about"]["order"]!.ToString());
        Assert.False(first["about"]["private"]!.GetValue<bool>());
        Assert.True(first["secret"]["private"]!.GetValue<bool>());
        Assert.Equal("blog", first["news"]["page_type"]!.ToString());
        Assert.Equal("2025-03-04T05:06:07", first["news"]["publish_date"]!.ToString());
        Assert.Contains("https://example.org/n.png", first["news"]["content"]!.ToString()); // a link stays a link

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Stdout.Contains("| load | pages | 0 created, 2 updated, 1 unchanged", StringComparison.Ordinal), again.Stdout);
        var now = Pages(target);
        Assert.Equal(["about", "news"], now.Keys.Order()); // the page deleted at the source went
        Assert.Equal("News, revised", now["news"]["title"]!.ToString());
        Assert.EndsWith("<p>More</p>", now["news"]["content"]!.ToString());
        Assert.Equal(0, target.Calls["ckanext_pages_upload"]); // its image is on the target already
        Assert.Single(target.Store.Portal.UploadedFiles("page_images"));
        Assert.Equal(2, target.Calls.Writes().Values.Sum()); // one update, one delete
    }

    [Fact]
    public async Task A_target_without_the_pages_plugin_is_a_line_of_the_dry_run_and_rejects_every_page_with_that_reason()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { PagesPlugin = false });
        WholePortal.Pages(source);

        var plan = await Run(source, target, "--dry-run");
        var run = await Run(source, target);

        Assert.True(plan.ExitCode == 3, plan.ToString());
        Assert.Contains("| plan | pages | 0 created, 3 rejected", plan.Stdout);
        Assert.Contains("plan pages: the target has no pages: the pages plugin (ckanext-pages) is not enabled there", plan.Stdout);
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | pages | 0 created, 3 rejected", run.Stdout);
    }

    [Fact]
    public async Task A_page_image_without_its_file_is_named_in_the_rejection_and_the_page_is_written()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Pages(source);

        var run = await Run(source, target, "--no-files");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | pages | 2 created, 1 rejected", run.Stdout);
        Assert.Contains($"image {WholePortal.PageImage} is an uploaded file and the load was given no files folder", run.Stdout);
        Assert.Equal(["about", "news", "secret"], Pages(target).Keys.Order());
    }
}
