using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Load;

/// <summary>
/// Issue #22 §4: a write that gets the same HTTP 500 twice, from a site that still answers, is the
/// record's fault (CKAN raised inside the action): it is rejected at once with the server's answer,
/// not retried for half a minute — the rest of the load goes on.
/// </summary>
public sealed class RepeatedServerErrorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_record_whose_write_always_fails_the_same_way_is_rejected_after_one_retry()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(target, "pub")["id"]!.ToString();
        target.Faults.BrokenRecords.Add("broken");
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"),
        [
            new JsonObject { ["name"] = "broken", ["owner_org"] = org },
            new JsonObject { ["name"] = "fine", ["owner_org"] = org },
        ]);

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", target.BaseUrl.ToString(), "-l", _dir.File("log.jsonl"), "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken });

        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Equal(3, target.Calls["package_create"]); // broken twice (the same 500 again ends it), fine once; 5 retries would make 7
        var broken = JsonLinesFile.Read(_dir.File("log.jsonl")).Single(e => e["name"]!.ToString() == "broken");
        Assert.Equal("rejected", broken["outcome"]!.ToString());
        Assert.Contains("the site answers", broken["error"]!.ToString());
        Assert.NotNull(target.Store.GetDataset("fine"));
    }
}
