using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Safety;

/// <summary>
/// Issue #22 §2: run --dry-run reads both sides, writes nothing to the target (nor to what the work
/// folder remembers), and reports what each record would become, per kind, with counts.
/// </summary>
public sealed class DryRunTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"),
                "-q", "--retries", "1", "--retry-delay", "0.01", .. more],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    /// <summary>Calls that changed the target: a refused one (such as the preflight's probes, invalid on purpose) wrote nothing.</summary>
    private static long Writes(FakeCkanServer ckan) => ckan.Calls.Writes().Values.Sum(n => (long)n);

    [Fact]
    public async Task A_dry_run_plans_every_record_and_writes_nothing_to_the_target_or_the_work_folders_memory()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in new[] { "ds-a", "ds-b", "ds-c" }) Seed.Dataset(source, name, org);
        Assert.Equal(0, (await Run(source, target, "--since", "auto")).ExitCode);
        var state = File.ReadAllText(_dir.File("work/state.json"));
        var ledger = File.ReadAllText(_dir.File("work/source-datasets.tsv"));
        source.Store.EditDataset("ds-a", d => d["title"] = "Changed at the source");
        source.Store.DeleteDataset("ds-b");
        Seed.Dataset(source, "ds-new", org);
        var writes = Writes(target);

        var plan = await Run(source, target, "--since", "auto", "--dry-run");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Equal(writes, Writes(target));
        Assert.Equal("active", target.Store.GetDataset("ds-b")!["state"]!.ToString());
        Assert.Null(target.Store.GetDataset("ds-new"));
        Assert.Equal(state, File.ReadAllText(_dir.File("work/state.json")));
        Assert.Equal(ledger, File.ReadAllText(_dir.File("work/source-datasets.tsv")));
        Assert.Contains("DRY RUN", plan.Stdout);
        Assert.Contains("| plan | datasets | 1 created, 1 updated", plan.Stdout);
        Assert.Contains("would delete them", plan.Stdout);
        Assert.Contains(Seed.DeterministicId("dataset", "ds-b"), plan.Stdout);
        Assert.True(File.Exists(_dir.File("work/dry-run/report.md")));

        var real = await Run(source, target, "--since", "auto"); // the dry run left nothing that changes what a run does
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Contains("| load | datasets | 1 created, 1 updated", real.Stdout);
    }

    [Fact]
    public async Task A_dry_run_names_records_that_would_be_rejected_with_the_reason()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Dataset(source, "ds-a", org);
        var folder = Directory.CreateDirectory(_dir.File("portal")).FullName;
        JsonLinesFile.Write(Path.Combine(folder, "organizations.jsonl"), [new JsonObject { ["id"] = org, ["name"] = "pub", ["title"] = "Pub" }]);
        JsonLinesFile.Write(Path.Combine(folder, "datasets.jsonl"),
        [
            new JsonObject { ["name"] = "good", ["owner_org"] = "pub" },
            new JsonObject { ["name"] = "bad-tags", ["owner_org"] = "pub", ["tags"] = "economy, health" },
        ]);

        var plan = await CliProcess.RunAsync(["run", "--from", folder, "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--dry-run"],
            new Dictionary<string, string?> { ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

        Assert.True(plan.ExitCode == 3, plan.ToString());
        Assert.Contains("| plan | datasets | 1 created, 1 rejected", plan.Stdout);
        Assert.Contains("'tags' must be a list", plan.Stdout);
        Assert.Equal(0, Writes(target));
    }
}
