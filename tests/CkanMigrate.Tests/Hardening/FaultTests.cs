using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Hardening;

/// <summary>A tired production server: 5xx, dropped connections, answers slower than the timeout, 429 bursts.</summary>
[Collection(SerialCollection.Name)]
public sealed class FaultTests : IDisposable
{
    private const int Datasets = 5000;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void Disturb(FakeCkanServer ckan)
    {
        ckan.Faults.Reseed(42);
        ckan.Faults.ServerErrorRate = 0.10;
        ckan.Faults.DropRate = 0.05;
        ckan.Faults.SlowRate = 0.02;
        ckan.Faults.SlowDelay = TimeSpan.FromSeconds(2);
        ckan.Faults.RateLimitBurstRate = 0.01;
        ckan.Faults.RateLimitBurstLength = 3;
        ckan.Faults.RetryAfterSeconds = 0;
    }

    private const int Retries = 12;

    private static string[] Transport => ["--retries", Retries.ToString(System.Globalization.CultureInfo.InvariantCulture), "--retry-delay", "0.02", "--timeout", "1", "-q"];

    [Fact]
    public async Task A_create_answered_after_the_client_gave_up_is_found_done_on_the_retry_not_duplicated()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(target, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("datasets.jsonl"), [new JsonObject { ["name"] = "slow-one", ["title"] = "Slow", ["owner_org"] = org }]);
        target.Faults.SlowNextAnswer("package_create"); // done at once, answered after 3 s
        target.Faults.SlowDelay = TimeSpan.FromSeconds(3);
        var log = _dir.File("load.log");

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", target.BaseUrl.ToString(), "-l", log, "--timeout", "1", "--retry-delay", "0.01", "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken });

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.True(target.Calls["package_create"] >= 2); // the first (timed out, yet done) and at least one retry (more on a busy machine)
        Assert.Equal(1, target.Store.DatasetCount);
        Assert.Equal("created", Assert.Single(JsonLinesFile.Read(log))["outcome"]!.ToString());
    }

    [Fact]
    public async Task FakeCkan_carries_out_a_slow_write_even_when_the_client_gave_up_waiting()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(target, "pub")["id"]!.ToString();
        target.Faults.SlowNextAnswer("package_create");
        target.Faults.SlowDelay = TimeSpan.FromSeconds(3);
        using var client = new CkanMigrate.Ckan.CkanClient(new CkanMigrate.Ckan.CkanClientOptions
        {
            BaseUrl = target.BaseUrl, ApiKey = target.SysadminToken, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(0.3),
        });

        await Assert.ThrowsAsync<CkanMigrate.Ckan.CkanApiException>(() => client.CallAsync("package_create", new JsonObject { ["name"] = "slow-one", ["owner_org"] = org }));

        // As on CKAN: committed, only the answer was late. (A busy machine may have the request still
        // queued when the client gives up, so the server is given a moment; before the fix it never came.)
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (target.Store.GetDataset("slow-one") is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.NotNull(target.Store.GetDataset("slow-one"));
    }

    [Fact]
    public async Task Dump_and_load_of_5000_datasets_through_faults_end_right_with_no_duplicates()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(source, Datasets, organizations: 3);
        for (var i = 0; i < 3; i++) Seed.Organization(target, $"org-{i:D3}");
        Disturb(source);
        Disturb(target);
        var dumped = _dir.File("datasets.jsonl");
        var log = _dir.File("load.log");

        var dump = await CliProcess.RunAsync(["dump", "datasets", "--all", "--via", "show", "-p", "16", "-r", source.BaseUrl.ToString(), "-O", dumped, .. Transport],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken });
        var load = await CliProcess.RunAsync(["load", "datasets", "-I", dumped, "-p", "16", "-r", target.BaseUrl.ToString(), "-l", log, .. Transport],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken });

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(Datasets, JsonLinesFile.Read(dumped).Select(r => r["id"]!.ToString()).Distinct().Count());
        Assert.True(load.ExitCode == 0, load.ToString());
        var outcomes = JsonLinesFile.Read(log).GroupBy(e => e["outcome"]!.ToString()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Datasets, outcomes.Values.Sum());
        Assert.Equal(Datasets, outcomes.GetValueOrDefault("created") + outcomes.GetValueOrDefault("unchanged"));
        Assert.Equal(Datasets, target.Store.DatasetCount); // no duplicates: one row per source dataset
        var retries = int.Parse(System.Text.RegularExpressions.Regex.Match(load.Stderr, @"(\d+) retries").Groups[1].Value);
        Assert.InRange(retries, 1, Datasets * Retries);
        // The faults really happened, and the retries stayed bounded.
        Assert.True(target.Calls["package_create"] > Datasets, $"{target.Calls["package_create"]} creates for {Datasets} records");
    }

    [Fact]
    public async Task A_server_that_stays_down_stops_the_run_with_what_is_left_and_a_rerun_finishes()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(target, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"),
            Enumerable.Range(0, 200).Select(i => new JsonObject { ["id"] = Seed.DeterministicId("d", $"x{i}"), ["name"] = $"x-{i:D3}", ["owner_org"] = org }));
        target.Faults.FailAfter("package_create", 120);
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken };

        var stopped = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-p", "8", "-r", target.BaseUrl.ToString(), "--retries", "2", "--retry-delay", "0.01", "-q"], env);

        Assert.Equal(1, stopped.ExitCode);
        Assert.Matches(@"stopped before line \d+", stopped.Stderr);
        Assert.DoesNotContain("   at ", stopped.Stderr);
        Assert.InRange(target.Store.DatasetCount, 120, 120);

        target.Faults.FailAfter("package_create", int.MaxValue);
        var rerun = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-p", "8", "-r", target.BaseUrl.ToString(), "-q"], env);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("200 lines: 80 created, 0 updated, 120 unchanged", rerun.Stderr);
        Assert.Equal(200, target.Store.DatasetCount);
    }
}
