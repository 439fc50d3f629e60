using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Scale;

/// <summary>
/// Issue #27 §11: what a catch-up reads is chosen by cost. After 3 of 236 datasets changed, the
/// catch-up read 60% of a full run's target bytes (the rule looked records up one by one only below
/// 1% of the target); now each side costs under a tenth of a full run's bytes.
/// </summary>
public sealed class CatchUpBytesTests
{
    private static void SeedPortal(FakeCkanServer source, int count)
    {
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var notes = string.Concat(Enumerable.Repeat("A description of the data, its sources and how it is made. ", 40));
        for (var i = 0; i < count; i++)
            source.Store.SeedDataset(new JsonObject
            {
                ["id"] = Seed.DeterministicId("dataset", $"d{i}"), ["name"] = $"dataset-{i:D4}", ["title"] = $"Dataset {i}", ["notes"] = notes, ["owner_org"] = org,
                ["resources"] = new JsonArray(Enumerable.Range(0, 3).Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = Seed.DeterministicId("resource", $"d{i}-{r}"), ["url"] = $"https://example.org/{i}/{r}.csv", ["format"] = "CSV", ["description"] = notes[..200],
                }).ToArray()),
            });
    }

    [Fact]
    public async Task A_catch_up_of_3_changes_among_236_datasets_costs_under_a_tenth_of_a_full_runs_bytes_on_each_side()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        SeedPortal(source, 236);
        using var temp = new TempFolder();
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] run = ["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", temp.File("work"), "-q", "--since", "auto"];
        var full = await CliProcess.RunAsync(run, env);
        Assert.True(full.ExitCode == 0, full.ToString());
        var (sourceFull, targetFull) = (source.BytesIn + source.BytesOut, target.BytesIn + target.BytesOut);
        foreach (var i in new[] { 5, 50, 150 }) source.Store.EditDataset($"dataset-{i:D4}", d => d["title"] = $"Edited {i}");

        var catchUp = await CliProcess.RunAsync(run, env);

        Assert.True(catchUp.ExitCode == 0, catchUp.ToString());
        Assert.Contains("| load | datasets | 0 created, 3 updated", catchUp.Stdout);
        var sourceShare = (double)(source.BytesIn + source.BytesOut - sourceFull) / sourceFull;
        var targetShare = (double)(target.BytesIn + target.BytesOut - targetFull) / targetFull;
        Assert.True(sourceShare < 0.10, $"source: {sourceShare:P1} of a full run's bytes");
        Assert.True(targetShare < 0.10, $"target: {targetShare:P1} of a full run's bytes");
    }
}
