using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Scale;

/// <summary>
/// Issue #13 §1 (target side): a few records beside a big target are looked up one by one instead
/// of reading the whole target; the strategy is picked from the two counts and named in the summary.
/// </summary>
public sealed class TargetReadStrategyTests
{
    /// <summary>A target of 300 datasets answering 100 rows a page.</summary>
    private static async Task<FakeCkanServer> TargetOf300Async()
    {
        var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { RowsMax = 100 });
        Seed.ManyDatasets(ckan, 300, organizations: 1);
        return ckan;
    }

    [Fact]
    public async Task A_few_records_beside_a_big_target_are_looked_up_one_by_one_and_the_summary_says_so()
    {
        await using var ckan = await TargetOf300Async();
        using var temp = new TempFolder();
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken };
        var input = temp.File("two.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync(["dump", "datasets", "dataset-000001", "dataset-000002", "-r", ckan.BaseUrl.AbsoluteUri, "-O", input, "-q"], env)).ExitCode);
        var lines = await File.ReadAllLinesAsync(input);
        var edited = JsonNode.Parse(lines[0])!.AsObject();
        edited["title"] = "Edited at the source";
        await File.WriteAllLinesAsync(input, [edited.ToJsonString(), lines[1]]);
        var searchesBefore = ckan.Calls["package_search"];

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.AbsoluteUri], env);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("2 lines: 0 created, 1 updated, 1 unchanged", load.Stderr);
        Assert.Contains("target read by show per record (2 input records beside 300 on the target)", load.Stderr);
        Assert.Equal(1, ckan.Calls["package_search"] - searchesBefore); // the count only, not three pages of 100
        Assert.Equal("Edited at the source", ckan.Store.GetDataset("dataset-000001")!["title"]!.ToString());
    }

    [Fact]
    public async Task An_input_near_the_targets_size_reads_the_target_in_bulk()
    {
        await using var ckan = await TargetOf300Async();
        using var temp = new TempFolder();
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken };
        // Issue #27 §11: the choice is by cost (TargetReadCost); half the target's records cost less read in bulk.
        var input = temp.File("half.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", ckan.BaseUrl.AbsoluteUri, "-O", temp.File("all.jsonl"), "-q"], env)).ExitCode);
        File.WriteAllLines(input, File.ReadLines(temp.File("all.jsonl")).Take(150));
        var showsBefore = ckan.Calls["package_show"];

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.AbsoluteUri], env);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("150 unchanged", load.Stderr);
        Assert.Contains("target read by bulk index of 300 target records", load.Stderr);
        Assert.Equal(0, ckan.Calls["package_show"] - showsBefore);
    }

    [Fact]
    public async Task An_empty_input_reads_nothing_of_the_target()
    {
        await using var ckan = await TargetOf300Async();
        using var temp = new TempFolder();
        var input = temp.File("none.jsonl");
        await File.WriteAllTextAsync(input, "");
        var searchesBefore = ckan.Calls["package_search"];

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.AbsoluteUri],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("0 lines: 0 created", load.Stderr);
        Assert.Contains("target read by nothing (no input records)", load.Stderr);
        Assert.Equal(0, ckan.Calls["package_search"] - searchesBefore); // not even the count: a catch-up's empty kinds cost no reads
    }
}
