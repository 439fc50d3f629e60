using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Integrity;

/// <summary>Issue #10 §4: only datasets confirmed gone at the source are deleted, and the advice to propagate later holds.</summary>
public sealed class DeleteTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"),
                "-q", "--retries", "1", "--retry-delay", "0.01", "--since", "auto", .. more],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    private static async Task<(FakeCkanServer, FakeCkanServer)> StartAsync(FakeCkanOptions? sourceOptions = null)
    {
        var source = await FakeCkanServer.StartAsync(sourceOptions);
        var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in new[] { "ds-a", "ds-b", "ds-c" }) Seed.Dataset(source, name, org);
        return (source, target);
    }

    [Fact]
    public async Task A_dataset_gone_at_the_source_is_deleted_by_a_later_run_with_the_flag()
    {
        var (source, target) = await StartAsync();
        await using var s = source;
        await using var t = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        source.Store.DeleteDataset("ds-b");

        var reported = await Run(source, target);
        var quiet = await Run(source, target); // nothing new at the source: the pending delete is still reported
        var propagated = await Run(source, target, "--propagate-deletes");

        Assert.True(reported.ExitCode == 0, reported.ToString());
        Assert.Contains("re-run with --propagate-deletes", reported.Stdout);
        Assert.Contains(Seed.DeterministicId("dataset", "ds-b"), quiet.Stdout);
        Assert.True(propagated.ExitCode == 0, propagated.ToString());
        Assert.Contains("| delete | datasets | 1 deleted", propagated.Stdout);
        Assert.Equal("deleted", target.Store.GetDataset(Seed.DeterministicId("dataset", "ds-b"))!["state"]!.ToString());
        Assert.Equal("active", target.Store.GetDataset("ds-a")!["state"]!.ToString());
    }

    [Fact]
    public async Task A_dataset_the_dump_failed_to_fetch_is_never_deleted()
    {
        // CKAN 2.2: datasets are listed, then each one shown; the show of ds-b then keeps failing.
        var (source, target) = await StartAsync(FakeCkanOptions.LegacyMode());
        await using var s = source;
        await using var t = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        var id = Seed.DeterministicId("dataset", "ds-b");
        source.Faults.BrokenRecords.UnionWith([id, "ds-b"]);

        var run = await Run(source, target, "--propagate-deletes");

        Assert.True(run.ExitCode == 3, run.ToString()); // the dump failure is a problem of the run
        Assert.Contains("Missing from this dump but still at the source (1)", run.Stdout);
        Assert.DoesNotContain("| delete |", run.Stdout);
        Assert.Equal("active", target.Store.GetDataset(id)!["state"]!.ToString());
    }

    [Fact]
    public async Task The_target_copy_is_found_by_name_when_the_target_gave_it_another_id()
    {
        var (source, target) = await StartAsync();
        await using var s = source;
        await using var t = target;
        var targetOrg = Seed.Organization(target, "pub")["id"]!.ToString();
        var otherId = Guid.NewGuid().ToString();
        target.Store.SeedDataset(new JsonObject { ["id"] = otherId, ["name"] = "ds-b", ["title"] = "Made on the target", ["owner_org"] = targetOrg });
        Assert.Equal(0, (await Run(source, target)).ExitCode); // matched by name, updated in place
        source.Store.DeleteDataset("ds-b");

        var run = await Run(source, target, "--propagate-deletes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("deleted", target.Store.GetDataset(otherId)!["state"]!.ToString());
        Assert.Contains("matched by name", File.ReadAllText(Path.Combine(_dir.File("work"), "5-delete", "datasets.log")));
    }
}
