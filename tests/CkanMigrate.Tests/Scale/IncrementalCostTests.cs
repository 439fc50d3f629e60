using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Scale;

/// <summary>
/// Issue #13 §1: a catch-up run costs what changed. After a full run, `run --since auto` lists the
/// source's datasets through `fl` (a few fields each), reads whole only the edited, bulk-changed
/// and new ones, finds the deleted one in the listing, and reads the target per record; each side
/// stays within ⌈N/page⌉ + 2 × changes + 20 calls, and the result verifies clean.
/// </summary>
public sealed class IncrementalCostTests
{
    [Fact]
    public async Task A_catch_up_reads_only_the_changes_and_stays_within_the_call_budget()
    {
        const int datasets = 500, page = 100;
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { RowsMax = page });
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { RowsMax = page });
        Seed.ManyDatasets(source, datasets, organizations: 1);
        using var temp = new TempFolder();
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] run = ["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", temp.File("work"), "-q", "--no-files"];
        var full = await CliProcess.RunAsync(run, env);
        Assert.True(full.ExitCode == 0, full.ToString());
        var (sourceBefore, targetBefore, showsBefore) = (source.RequestsSeen, target.RequestsSeen, source.Calls["package_show"]);

        source.Store.EditDataset("dataset-000010", d => d["title"] = "Edited once");
        source.Store.EditDataset("dataset-000020", d => d["notes"] = "Edited twice");
        using (var client = new CkanClient(new CkanClientOptions { BaseUrl = source.BaseUrl, ApiKey = source.SysadminToken }))
            await client.CallAsync("bulk_update_private", new JsonObject
            {
                ["datasets"] = new JsonArray(source.Store.GetDataset("dataset-000030")!["id"]!.ToString()),
                ["org_id"] = source.Store.GetDataset("dataset-000030")!["owner_org"]!.ToString(),
            });
        source.Store.DeleteDataset("dataset-000040");
        const int changes = 4;

        var catchUp = await CliProcess.RunAsync([.. run, "--since", "auto", "--propagate-deletes"], env);

        Assert.True(catchUp.ExitCode == 0, catchUp.ToString());
        Assert.Contains($"incremental: {datasets - 1} listed, 3 read whole", catchUp.Stdout);
        Assert.Contains("target read by show per record (3 input records beside 500 on the target)", catchUp.Stdout);
        Assert.Equal(3 + 1, source.Calls["package_show"] - showsBefore); // the three read whole, and the delete confirmed
        var budget = (datasets + page - 1) / page + 2 * changes + 20;
        Assert.InRange(source.RequestsSeen - sourceBefore, 1, budget);
        Assert.InRange(target.RequestsSeen - targetBefore, 1, budget);

        Assert.Equal("Edited once", target.Store.GetDataset("dataset-000010")!["title"]!.ToString());
        Assert.Equal("Edited twice", target.Store.GetDataset("dataset-000020")!["notes"]!.ToString());
        Assert.True(target.Store.GetDataset("dataset-000030")!["private"]!.GetValue<bool>());
        Assert.Equal("deleted", target.Store.GetDataset("dataset-000040")!["state"]!.ToString());

        var verify = await CliProcess.RunAsync(["verify", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", temp.File("verify"), "-q"], env);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }
}
