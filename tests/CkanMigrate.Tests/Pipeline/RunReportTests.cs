using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Pipeline;

/// <summary>
/// Issue #12 §3 and §4: the run report splits the users conversion into its two kinds, lists the
/// records a rule skipped with the rule's reason, and names where each stage's rejects went; a run
/// with no --since writes no filter copy of the datasets.
/// </summary>
public sealed class RunReportTests
{
    private static string Samples => Path.Combine(SharedFiles.RepoRoot, "samples", "dgu");

    [Fact]
    public async Task Users_and_organizations_are_two_rows_and_skipped_users_are_listed_with_their_reason()
    {
        using var temp = new TempFolder();

        var run = await CliProcess.RunAsync("run", "--from", Samples, "--to", temp.File("out"), "--profile", "dgu", "--work", temp.File("work"), "-q");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = await File.ReadAllTextAsync(temp.File("work/report.md"));
        Assert.Equal(report, run.Stdout);
        Assert.Contains("| convert | users | 4 converted, 1 added from Drupal, 2 skipped | 7 |", report);
        Assert.Contains("| convert | organizations | 8 converted | 8 |", report);
        Assert.DoesNotContain("users+organizations", report);
        Assert.Contains("## Skipped by a rule", report);
        Assert.Contains("- convert users: 2 skipped", report);
        Assert.Contains("  - users line 6: not a member of any organization (CKAN user not found in organisation: site-admin)", report);
        Assert.Contains("  - line 4: inactive (Skipped inactive harvest source: retired-source)", report);
    }

    [Fact]
    public async Task A_stage_with_rejects_names_its_log_and_rejects_file_and_no_filter_copy_is_written_without_since()
    {
        await using var source = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(source, 5, organizations: 1);
        await using var target = await FakeCkanServer.StartAsync();
        target.Faults.RejectedNames.Add("dataset-000002");
        using var temp = new TempFolder();
        var work = temp.File("work");
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", work, "-q"], env);

        Assert.True(run.ExitCode == 3, run.ToString());
        var rejects = Path.Combine(work, "4-load", "datasets.rejects.jsonl");
        Assert.Contains($"- load datasets: 1, every reason in `{Path.Combine(work, "4-load", "datasets.log")}`; the rejected lines, unchanged, in `{rejects}`", run.Stdout);
        Assert.Contains("\"name\":\"dataset-000002\"", await File.ReadAllTextAsync(rejects));
        Assert.Contains($"(rejected lines in {rejects})", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(work, "3-filter")), "no --since: nothing to leave out, so no copy");
        Assert.Equal(4, target.Store.DatasetCount);

        target.Faults.RejectedNames.Clear();
        var since = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", work, "-q", "--since", "auto"], env);
        Assert.True(since.ExitCode == 0, since.ToString());
        Assert.True(File.Exists(Path.Combine(work, "3-filter", "datasets.jsonl")));
        Assert.Equal(5, target.Store.DatasetCount);
    }
}
