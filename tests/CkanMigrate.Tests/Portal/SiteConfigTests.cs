using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, site settings: moved only with --site-config (a target's look is the operator's
/// decision), shown in the dry run, each setting an outcome of its own; never ckan.site_url; an
/// uploaded logo moves as a file; a setting the target does not offer is rejected with that reason.
/// </summary>
public sealed class SiteConfigTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q",
            "--retries", "1", "--retry-delay", "0.01", .. more], WholePortal.Keys(source, target));

    [Fact]
    public async Task Without_site_config_a_run_leaves_the_targets_settings_as_they_are_and_says_so()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Settings(source);
        target.Store.Portal.SetSiteSetting("ckan.site_title", "The new portal");

        var run = await Run(source, target);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("| site-config |", run.Stdout);
        Assert.Contains("not moved unless asked for: followers (--followers), site-config (--site-config)", run.Stdout);
        Assert.Equal("The new portal", target.Store.Portal.SiteSetting("ckan.site_title"));
        Assert.Equal(0, source.Calls["config_option_show"]);
    }

    [Fact]
    public async Task The_dry_run_shows_each_setting_that_would_change_and_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Settings(source);

        var plan = await Run(source, target, "--site-config", "--dry-run");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.True(plan.Stdout.Contains("| plan | site-config | 0 created, 6 updated, 2 unchanged", StringComparison.Ordinal), plan.Stdout);
        Assert.Empty(target.Calls.Writes());
        Assert.Null(target.Store.Portal.SiteSetting("ckan.site_title"));
    }

    [Fact]
    public async Task A_setting_the_target_does_not_offer_is_rejected_with_that_reason_and_the_others_move()
    {
        await using var source = await FakeCkanServer.StartAsync(); // 2.10 lists ckan.homepage_style
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode()); // 2.11 does not
        source.Store.Portal.SetSiteSetting("ckan.homepage_style", "2");
        source.Store.Portal.SetSiteSetting("ckan.site_title", "Open Data Portal");

        var run = await Run(source, target, "--site-config");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | site-config | 0 created, 1 updated, 6 unchanged, 1 rejected", run.Stdout);
        Assert.Contains("the target does not let ckan.homepage_style be set at runtime (it is not among its config_option_list)", run.Stdout);
        Assert.Equal("Open Data Portal", target.Store.Portal.SiteSetting("ckan.site_title"));
    }

    [Fact]
    public async Task Dump_and_load_take_site_config_by_name_with_the_files_of_its_logo()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Settings(source);
        var file = _dir.File("site-config.jsonl");
        var files = _dir.File("files");

        var dump = await CliProcess.RunAsync("dump", "site-config", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", file, "--files", files, "-q");
        var load = await CliProcess.RunAsync("load", "site-config", "-I", file, "--files", files, "-r", target.BaseUrl.AbsoluteUri, "-a", target.SysadminToken, "-q");
        var again = await CliProcess.RunAsync("load", "site-config", "-I", file, "--files", files, "-r", target.BaseUrl.AbsoluteUri, "-a", target.SysadminToken, "-q");

        Assert.True(dump.ExitCode == 0, dump.ToString());
        var keys = JsonLinesFile.Read(file).Select(s => s["key"]!.ToString()).ToList();
        Assert.Contains("ckan.site_custom_css", keys);
        Assert.DoesNotContain("ckan.site_url", keys); // the target's own address, never moved
        Assert.DoesNotContain("logo_upload", keys);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("6 updated", load.Stderr);
        var logo = Assert.Single(target.Store.Portal.UploadedFiles("admin"));
        Assert.Equal(WholePortal.Png, logo.Value);
        Assert.Equal("/uploads/admin/" + logo.Key, target.Store.Portal.SiteSetting("ckan.site_logo"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("8 unchanged", again.Stderr);
    }

    [Fact]
    public async Task A_logo_replaced_at_the_source_is_sent_again_and_only_it_is_written()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Settings(source);
        Assert.Equal(0, (await Run(source, target, "--site-config")).ExitCode);
        byte[] newer = [.. WholePortal.Png, 7];
        source.Store.Portal.SeedUploadedFile("admin", "2026-05-06-070809.101112new-logo.png", newer);
        source.Store.Portal.SetSiteSetting("ckan.site_logo", "/uploads/admin/2026-05-06-070809.101112new-logo.png");
        target.Calls.Reset();

        var again = await Run(source, target, "--site-config");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Stdout.Contains("| load | site-config | 0 created, 1 updated, 7 unchanged", StringComparison.Ordinal), again.Stdout);
        var logo = target.Store.Portal.SiteSetting("ckan.site_logo")!;
        Assert.Equal(newer, target.Store.Portal.UploadedFiles("admin")[logo["/uploads/admin/".Length..]]);
        Assert.Equal(1, target.Calls.Writes().Values.Sum());
    }

    [Fact]
    public async Task A_key_that_is_not_a_sysadmins_reads_no_settings_and_says_why()
    {
        await using var source = await FakeCkanServer.StartAsync();
        source.Store.SeedUser(new JsonObject { ["name"] = "reader", ["email"] = "reader@example.org" }, "reader-token-0123456789");

        var dump = await CliProcess.RunAsync("dump", "site-config", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", "reader-token-0123456789", "-O", _dir.File("s.jsonl"), "-q");

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Contains("the source has no site-config: only a sysadmin key can read and write the site settings", dump.Stderr);
    }
}
