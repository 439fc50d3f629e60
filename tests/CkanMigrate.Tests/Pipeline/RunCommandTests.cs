using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Pipeline;

/// <summary>
/// run and verify end to end: a legacy-mode FakeCkan seeded from the DGU samples (built from the
/// fixtures) migrated into a modern one that imitates the data.gov.uk target's plugin.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Sample(string file) => Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", file);

    private static async Task<(FakeCkanServer Source, FakeCkanServer Target)> StartAsync()
    {
        var source = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        var target = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode() with { DataGovUkPlugin = true });
        source.Store.SeedJsonLines("users", Sample("users.jsonl"));
        source.Store.SeedJsonLines("organizations", Sample("organizations.jsonl"));
        source.Store.SeedJsonLines("datasets", Sample("datasets.jsonl"));
        foreach (var line in File.ReadLines(Sample("harvest-sources.jsonl")))
        {
            var row = (JsonObject)JsonNode.Parse(line)!;
            foreach (var computed in new[] { "publisher_name", "publisher_title", "is_organization" }) row.Remove(computed);
            source.Store.SeedLegacyHarvestSource(row);
        }
        return (source, target);
    }

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--profile", "dgu",
                "--drupal-users", Sample("drupal_users.csv"), "--work", _dir.File("work"), "-q", "--retry-delay", "0.01", .. more],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    private Task<CliResult> Verify(FakeCkanServer source, FakeCkanServer target) =>
        CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--profile", "dgu",
                "--drupal-users", Sample("drupal_users.csv"), "--work", _dir.File("verify-work"), "-q"],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    [Fact]
    public async Task A_legacy_portal_runs_into_a_modern_one_and_verifies_clean()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;

        var run = await Run(source, target);
        var verify = await Verify(source, target);

        Assert.True(run.ExitCode == 0, run + string.Join("\n", Directory.GetFiles(_dir.File("work/4-load"), "*.log").SelectMany(File.ReadLines).Where(l => l.Contains("rejected"))));
        Assert.Contains("| load | datasets | 8 created", run.Stdout);
        Assert.Contains("| load | harvest-sources | 3 created", run.Stdout);
        Assert.Equal("business-and-economy", target.Store.GetDataset("land-registry-monthly-price-paid-data")!["theme-primary"]!.ToString());
        Assert.NotNull(target.Store.GetUser("user_d101")); // a CKAN-Drupal user
        Assert.Equal(50, target.Store.GetUser("user_d101")!["password_hash"]!.ToString().Length);
        Assert.Null(target.Store.GetUser("site-admin")); // in no organization: not migrated (U9, kept)
        Assert.True(File.Exists(_dir.File("work/report.md")));
        Assert.True(File.Exists(_dir.File("work/1-dump/datasets.jsonl")));
        Assert.True(File.Exists(_dir.File("work/2-convert/datasets.jsonl")));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("no differences", verify.Stdout);
        var report = JsonNode.Parse(File.ReadAllText(_dir.File("verify-work/report.json")))!;
        Assert.False(report["differs"]!.GetValue<bool>());
        Assert.Equal(8, report["kinds"]!["datasets"]!["same"]!.GetValue<int>());
    }

    [Fact]
    public async Task Since_auto_moves_only_what_changed_at_the_source()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        Assert.Equal(0, (await Run(source, target, "--since", "auto")).ExitCode);
        source.Store.EditDataset("ford-crossings", d => d["title"] = "Ford crossings (revised)");
        source.Store.EditDataset("aggregates-levy", d => d["notes"] = "New notes");
        target.Calls.Reset();

        var again = await Run(source, target, "--since", "auto");

        Assert.True(again.ExitCode == 0, again.ToString());
        // The cut-off is inclusive, so the record at the last high-water mark comes again and loads as unchanged.
        Assert.Contains("| filter | datasets | 3 kept, 5 older", again.Stdout);
        Assert.Equal(2, target.Calls["package_update"]);
        Assert.Equal(0, target.Calls["package_create"]);
        Assert.Equal("Ford crossings (revised)", target.Store.GetDataset("ford-crossings")!["title"]!.ToString());
        var verify = await Verify(source, target);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_dataset_deleted_at_the_source_is_reported_and_deleted_only_with_the_flag()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        var goneId = source.Store.GetDataset("ford-crossings")!["id"]!.ToString();
        source.Store.EditDataset("ford-crossings", d => d["state"] = "deleted");

        var reported = await Run(source, target, "--since", "auto");
        Assert.True(reported.ExitCode == 0, reported.ToString());
        Assert.Contains(goneId, reported.Stdout);
        Assert.Contains("re-run with --propagate-deletes", reported.Stdout);
        Assert.Equal("active", target.Store.GetDataset(goneId)!["state"]!.ToString());

        // Not gone since the last run any more: bring it back, delete again, and propagate.
        source.Store.EditDataset(goneId, d => d["state"] = "active");
        Assert.Equal(0, (await Run(source, target, "--since", "auto")).ExitCode);
        source.Store.EditDataset(goneId, d => d["state"] = "deleted");
        var propagated = await Run(source, target, "--since", "auto", "--propagate-deletes");

        Assert.True(propagated.ExitCode == 0, propagated.ToString());
        Assert.Contains("| delete | datasets | 1 deleted", propagated.Stdout);
        Assert.Equal("deleted", target.Store.GetDataset(goneId)!["state"]!.ToString());
    }

    [Fact]
    public async Task An_interrupted_run_resumes_and_ends_like_an_uninterrupted_one()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        target.Faults.ChangeAfter("package_create", 3, () => target.Faults.Down = true);

        var broken = await Run(source, target, "--retries", "1");

        Assert.True(broken.ExitCode == 1, broken.ToString());
        Assert.Contains("load datasets stopped", broken.Stderr);
        Assert.Contains("Run the same command again", broken.Stderr);
        Assert.InRange(target.Store.DatasetCount, 3, 7); // three went in, and those already in flight, before the target broke

        target.Faults.Down = false;
        source.Calls.Reset();
        var resumed = await Run(source, target);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resumed", resumed.Stdout);
        Assert.Contains("done before resuming", resumed.Stdout);
        Assert.Equal(0, source.Calls["package_show"]); // the finished dump was not repeated
        var verify = await Verify(source, target);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Ctrl_C_during_the_load_stops_cleanly_and_a_rerun_ends_in_the_same_state()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        target.Faults.Latency = TimeSpan.FromMilliseconds(150); // slow enough to be caught mid-load
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] args = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--profile", "dgu",
            "--drupal-users", Sample("drupal_users.csv"), "--work", _dir.File("work"), "-q", "-p", "1"];

        var interrupted = await CliProcess.RunInterruptedByAsync(args, env, interrupt => target.Faults.ChangeAfter("package_create", 2, () => { interrupt(); Thread.Sleep(500); }));

        Assert.True(interrupted.ExitCode == 143, interrupted.ToString()); // SIGTERM (Ctrl-C, SIGINT, gives 130)
        Assert.Contains("run terminated (SIGTERM): finished stages and their files stay in the work folder; the same command resumes from the stage that was stopped", interrupted.Stderr);
        Assert.DoesNotContain("   at ", interrupted.Stderr);
        Assert.InRange(target.Store.DatasetCount, 1, 7);
        Assert.Empty(Directory.GetFiles(_dir.File("work"), "*.tmp", SearchOption.AllDirectories));

        target.Faults.Latency = TimeSpan.Zero;
        var resumed = await CliProcess.RunAsync(args, env);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resumed an interrupted run", resumed.Stdout);
        var verify = await Verify(source, target);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task The_readme_command_runs_the_samples_offline_into_a_folder()
    {
        var output = _dir.File("out");
        var run = await CliProcess.RunAsync("run", "--from", Path.Combine(SharedFiles.RepoRoot, "samples", "dgu"), "--to", output, "--profile", "dgu", "--work", _dir.File("w"), "-q");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(8, JsonLinesFile.Read(Path.Combine(output, "datasets.jsonl")).Count);
        Assert.Equal(8, JsonLinesFile.Read(Path.Combine(output, "organizations.jsonl")).Count);
        Assert.Equal(3, JsonLinesFile.Read(Path.Combine(output, "harvest-sources.jsonl")).Count);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "users.jsonl")));
    }
}
