using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Integrity;

/// <summary>Issue #10 §2: `run --since auto` never leaves a record behind.</summary>
public sealed class IncrementalTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"),
                "-q", "--retry-delay", "0.01", "--since", "auto", .. more],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    private static async Task<(FakeCkanServer, FakeCkanServer, string Org)> StartAsync()
    {
        var source = await FakeCkanServer.StartAsync();
        var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in new[] { "ds-a", "ds-b", "ds-c" }) Seed.Dataset(source, name, org);
        return (source, target, org);
    }

    [Fact]
    public async Task A_dataset_rejected_once_is_retried_by_later_runs_until_it_goes_in()
    {
        var (source, target, _) = await StartAsync();
        await using var s = source;
        await using var t = target;
        target.Faults.RejectedNames.Add("ds-b");

        var first = await Run(source, target);
        var stillRejected = await Run(source, target);
        target.Faults.RejectedNames.Clear(); // the cause is fixed; the source record is untouched
        var fixedRun = await Run(source, target);

        Assert.Equal(3, first.ExitCode);
        Assert.Contains("Datasets still pending (1)", first.Stdout);
        Assert.Contains("`" + Seed.DeterministicId("dataset", "ds-b") + "`", first.Stdout);
        Assert.Equal(3, stillRejected.ExitCode);
        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.NotNull(target.Store.GetDataset("ds-b"));
        Assert.DoesNotContain("still pending", fixedRun.Stdout);
    }

    [Fact]
    public async Task A_bulk_change_that_leaves_metadata_modified_alone_is_still_carried()
    {
        var (source, target, org) = await StartAsync();
        await using var s = source;
        await using var t = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        var modified = source.Store.GetDataset("ds-a")!["metadata_modified"]!.ToString();

        using (var client = new CkanClient(new CkanClientOptions { BaseUrl = source.BaseUrl, ApiKey = source.SysadminToken }))
            await client.CallAsync("bulk_update_private", new JsonObject { ["datasets"] = new JsonArray(Seed.DeterministicId("dataset", "ds-a")), ["org_id"] = org });
        var second = await Run(source, target);

        Assert.Equal(modified, source.Store.GetDataset("ds-a")!["metadata_modified"]!.ToString()); // as CKAN does
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(target.Store.GetDataset("ds-a")!["private"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Since_of_any_kind_into_a_folder_is_refused_up_front_rather_than_leaving_only_the_delta()
    {
        // Issue #23: a folder --to is always written whole. Before, --since TIMESTAMP wrote 3 of 8 datasets and exited 0,
        // and --since auto was refused only on a second run.
        var (source, target, _) = await StartAsync();
        await using var s = source;
        await using var t = target;
        string[] args = ["run", "--from", source.BaseUrl.ToString(), "--to", _dir.File("out"), "--work", _dir.File("work"), "-q"];
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken };

        var firstWithAuto = await CliProcess.RunAsync([.. args, "--since", "auto"], env);
        var firstWithTime = await CliProcess.RunAsync([.. args, "--since", "2018-01-01"], env);
        var full = await CliProcess.RunAsync(args, env);
        var delta = await CliProcess.RunAsync([.. args, "--since", "auto"], env);

        foreach (var refused in new[] { firstWithAuto, firstWithTime, delta })
        {
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains("a folder --to is always written whole", refused.Stderr);
        }
        Assert.Equal(0, full.ExitCode);
        Assert.Equal(3, JsonLinesFile.Read(_dir.File("out/datasets.jsonl")).Count);
    }
}
