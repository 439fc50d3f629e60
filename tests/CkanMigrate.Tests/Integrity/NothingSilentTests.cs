using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Integrity;

/// <summary>Issue #10 §6: one record never blocks a migration, and nothing is dropped without a word.</summary>
public sealed class NothingSilentTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string?> Key(FakeCkanServer ckan) => new() { ["CKAN_API_KEY"] = ckan.SysadminToken };

    private Task<CliResult> Load(FakeCkanServer ckan, string kind, string input, params string[] more) =>
        CliProcess.RunAsync(["load", kind, "-I", input, "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "1", "--retry-delay", "0.01", .. more], Key(ckan));

    private static JsonObject Dataset(string name, string org, params string[] resourceIds) => new()
    {
        ["id"] = Seed.DeterministicId("dataset", name),
        ["name"] = name,
        ["title"] = name,
        ["owner_org"] = org,
        ["resources"] = new JsonArray(resourceIds.Select((r, i) => (JsonNode)new JsonObject { ["id"] = r, ["url"] = $"https://example.org/{name}/{i}.csv", ["name"] = $"part {i}" }).ToArray()),
    };

    private static string ResourceId(string name) => Seed.DeterministicId("resource", name);

    [Fact]
    public async Task A_dataset_listing_one_resource_id_twice_goes_in_with_a_new_id_for_the_repeat_and_a_note()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        // As the dgu sample's local_directgov_services: real CKAN 2.10 answers 500 to it on every attempt.
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("twice", org, ResourceId("r1"), ResourceId("r1")), Dataset("after", org, ResourceId("r2"))]);
        var log = _dir.File("load.log");

        var first = await Load(ckan, "datasets", input, "-l", log);
        var again = await Load(ckan, "datasets", input);

        Assert.True(first.ExitCode == 0, first.ToString());
        var stored = (JsonArray)ckan.Store.GetDataset("twice")!["resources"]!;
        Assert.Equal(2, stored.Count);
        Assert.Equal(ResourceId("r1"), stored[0]!["id"]!.ToString());
        Assert.NotEqual(ResourceId("r1"), stored[1]!["id"]!.ToString());
        Assert.Contains("repeats within this dataset", JsonLinesFile.Read(log)[0]["note"]!.ToString());
        Assert.NotNull(ckan.Store.GetDataset("after")); // nothing stopped at it
        Assert.Contains("2 lines: 0 created, 0 updated, 2 unchanged", again.Stderr);
    }

    [Fact]
    public async Task A_resource_id_two_datasets_share_stays_with_the_first_and_the_second_gets_a_new_one()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("first", org, ResourceId("shared")), Dataset("second", org, ResourceId("shared"))]);
        var log = _dir.File("load.log");

        var run = await Load(ckan, "datasets", input, "-l", log);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ResourceId("shared"), ckan.Store.GetDataset("first")!["resources"]![0]!["id"]!.ToString());
        Assert.NotEqual(ResourceId("shared"), ckan.Store.GetDataset("second")!["resources"]![0]!["id"]!.ToString());
        Assert.Contains("already used by an earlier record", JsonLinesFile.Read(log)[1]["note"]!.ToString());
    }

    [Fact]
    public async Task A_record_the_server_keeps_failing_on_is_rejected_with_its_answer_and_the_rest_go_in()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("ds-a", org), Dataset("ds-b", org), Dataset("ds-c", org)]);
        ckan.Faults.BrokenRecords.Add("ds-b");

        var run = await Load(ckan, "datasets", input);
        var rerun = await Load(ckan, "datasets", input); // and every re-run gets past it too

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("3 lines: 2 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected", run.Stderr);
        Assert.Contains("in.jsonl line 2: the site answers, but this record's write keeps failing", run.Stderr); // on stderr without -l
        Assert.NotNull(ckan.Store.GetDataset("ds-c"));
        Assert.Contains("2 unchanged, 0 skipped, 1 rejected", rerun.Stderr);
    }

    [Fact]
    public async Task Writes_failing_for_record_after_record_stop_the_load_as_a_broken_site_would()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), Enumerable.Range(0, 20).Select(i => Dataset($"ds-{i:D2}", org)));
        ckan.Faults.FailingActions.Add("package_create"); // status_show still answers

        var run = await Load(ckan, "datasets", input, "-p", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("records in a row failed so", run.Stderr);
    }

    [Fact]
    public async Task Fields_a_stock_ckan_target_does_not_keep_are_listed_per_record_and_counted()
    {
        await using var ckan = await FakeCkanServer.StartAsync(); // no ckanext-datagovuk: its organization fields are unknown here
        var input = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [new JsonObject
        {
            ["name"] = "publisher", ["title"] = "A publisher", ["contact-email"] = "contact@example.org", ["foi-name"] = "FOI desk",
            ["users"] = new JsonArray(new JsonObject { ["name"] = "nobody-here", ["capacity"] = "editor" }),
        }]);
        var log = _dir.File("load.log");

        var run = await Load(ckan, "organizations", input, "-l", log);

        Assert.True(run.ExitCode == 0, run.ToString());
        var entry = JsonLinesFile.Read(log).Single();
        Assert.Equal("created", entry["outcome"]!.ToString());
        Assert.Equal(["contact-email", "foi-name", "users.nobody-here"], entry["not_kept"]!.AsArray().Select(f => f!.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains("1 written without some fields the target did not keep", run.Stderr);
    }

    [Fact]
    public async Task Harvest_sources_for_a_target_without_the_harvest_plugin_are_rejected_with_that_reason()
    {
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { HarvestPlugin = false });
        var folder = Directory.CreateDirectory(_dir.File("portal")).FullName;
        var org = Seed.Organization(target, "pub")["id"]!.ToString();
        JsonLinesFile.Write(Path.Combine(folder, "harvest-sources.jsonl"), [new JsonObject
        {
            ["name"] = "src", ["title"] = "A source", ["url"] = "https://example.org/csw", ["source_type"] = "csw", ["owner_org"] = org,
        }]);

        var run = await CliProcess.RunAsync(["run", "--from", folder, "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"],
            new Dictionary<string, string?> { ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| load | harvest-sources | 0 created, 1 rejected", run.Stdout);
        Assert.Contains("the target has no harvest plugin", run.Stderr);
    }

    [Fact]
    public async Task A_run_whose_dump_failed_on_a_record_ends_with_exit_3_and_says_so()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.User(source, "alice");
        Seed.User(source, "bob");
        source.Faults.BrokenRecords.Add("bob"); // user_show of bob answers 500 every time

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"),
                "-q", "--retries", "1", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("| dump | users | 2 dumped, 1 failed", run.Stdout); // admin and alice
        Assert.Contains("| dump | collaborators | 1 failed", run.Stdout); // bob's collaborations could not be read either (#24)
        Assert.Contains("## Rejected or failed (2)", run.Stdout);
        Assert.Contains("bob", run.Stderr);
    }

    [Fact]
    public async Task The_first_ten_reasons_are_on_stderr_without_a_log_then_how_many_more()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.Organization(ckan, "pub");
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), Enumerable.Range(0, 13).Select(i => new JsonObject { ["name"] = $"Bad Name {i}", ["owner_org"] = "pub" }));

        var run = await Load(ckan, "datasets", input);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(10, run.Stderr.Split('\n').Count(l => l.StartsWith("rejected: in.jsonl line ", StringComparison.Ordinal)));
        Assert.Contains("3 more; add -l FILE to keep every reason", run.Stderr);
    }

    [Fact]
    public async Task Gzip_on_stdin_is_recognised()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var text = string.Join("\n", new[] { Dataset("piped-a", org), Dataset("piped-b", org) }.Select(d => d.ToJsonString())) + "\n";
        using var buffer = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));

        var run = await CliProcess.RunAsync(["load", "datasets", "-r", ckan.BaseUrl.ToString(), "-q"], Key(ckan), stdin: buffer.ToArray());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 lines: 2 created", run.Stderr);
    }
}
