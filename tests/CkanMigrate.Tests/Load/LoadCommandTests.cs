using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Load;

/// <summary>ckan-migrate load against FakeCkan: outcomes, idempotence, CKAN's traps, call counts.</summary>
public sealed class LoadCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Load(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync(["load", .. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    private static JsonObject Dataset(string name, string org, string? id = null, string title = "A title") => new()
    {
        ["id"] = id ?? Seed.DeterministicId("dataset", name),
        ["name"] = name,
        ["title"] = title,
        ["owner_org"] = org,
        ["notes"] = "Notes",
        ["tags"] = new JsonArray(new JsonObject { ["name"] = "economy" }),
        ["extras"] = new JsonArray(new JsonObject { ["key"] = "theme", ["value"] = "Economy" }),
        ["resources"] = new JsonArray(new JsonObject { ["url"] = $"https://example.org/{name}.csv", ["format"] = "CSV" }),
    };

    private static int Writes(FakeCkanServer ckan) =>
        ckan.Calls.Snapshot().Where(c => c.Key.EndsWith("_create") || c.Key.EndsWith("_update") || c.Key.EndsWith("_patch") || c.Key.EndsWith("_delete")).Sum(c => c.Value);

    [Fact]
    public async Task Creates_new_datasets_keeping_their_ids_then_a_second_load_writes_nothing()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), Enumerable.Range(0, 20).Select(i => Dataset($"ds-{i:D2}", org)));
        var log = _dir.File("load.log");

        var first = await Load(ckan, "datasets", "-I", input, "-l", log);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("20 lines: 20 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected", first.Stderr);
        Assert.Equal(Seed.DeterministicId("dataset", "ds-07"), ckan.Store.GetDataset("ds-07")!["id"]!.ToString());
        Assert.All(JsonLinesFile.Read(log), e => Assert.Equal("created", e["outcome"]!.ToString()));

        ckan.Calls.Reset();
        var second = await Load(ckan, "datasets", "-I", input);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("20 lines: 0 created, 0 updated, 20 unchanged", second.Stderr);
        Assert.Equal(0, Writes(ckan));
    }

    [Fact]
    public async Task A_changed_record_is_updated_and_the_import_wins()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = _dir.File("in.jsonl");
        JsonLinesFile.Write(input, [Dataset("ds-a", org), Dataset("ds-b", org)]);
        Assert.Equal(0, (await Load(ckan, "datasets", "-I", input)).ExitCode);
        ckan.Store.EditDataset("ds-b", d => d["title"] = "Edited on the target");

        JsonLinesFile.Write(input, [Dataset("ds-a", org, title: "New title from the source"), Dataset("ds-b", org)]);
        var run = await Load(ckan, "datasets", "-I", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 lines: 0 created, 2 updated, 0 unchanged", run.Stderr);
        Assert.Equal("New title from the source", ckan.Store.GetDataset("ds-a")!["title"]!.ToString());
        Assert.Equal("A title", ckan.Store.GetDataset("ds-b")!["title"]!.ToString());
    }

    [Fact]
    public async Task A_record_matched_by_name_updates_the_target_record_with_its_own_id()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var targetId = ckan.Store.SeedDataset(new JsonObject { ["name"] = "same-name", ["owner_org"] = org, ["title"] = "Old" })["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("same-name", org, id: Guid.NewGuid().ToString(), title: "New")]);

        var run = await Load(ckan, "datasets", "-I", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 updated", run.Stderr);
        Assert.Equal(targetId, ckan.Store.GetDataset("same-name")!["id"]!.ToString());
        Assert.Equal("New", ckan.Store.GetDataset("same-name")!["title"]!.ToString());
    }

    [Fact]
    public async Task Create_only_and_update_only_skip_by_rule()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        ckan.Store.SeedDataset(Dataset("present", org, title: "Different"));
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("present", org), Dataset("absent", org)]);

        var createOnly = await Load(ckan, "datasets", "-I", input, "-n", "--dry-run");
        var updateOnly = await Load(ckan, "datasets", "-I", input, "-o");

        Assert.Contains("2 lines: 1 created, 0 updated, 0 unchanged, 1 skipped, 0 rejected", createOnly.Stderr);
        Assert.Contains("2 lines: 0 created, 1 updated, 0 unchanged, 1 skipped, 0 rejected", updateOnly.Stderr);
        Assert.Null(ckan.Store.GetDataset("absent"));
        Assert.Equal("A title", ckan.Store.GetDataset("present")!["title"]!.ToString());
    }

    [Fact]
    public async Task Dry_run_plans_without_writing()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        ckan.Store.SeedDataset(Dataset("same", org));
        ckan.Store.SeedDataset(Dataset("changed", org, title: "Old"));
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("same", org), Dataset("changed", org), Dataset("new-one", org)]);
        var log = _dir.File("plan.log");

        var run = await Load(ckan, "datasets", "-I", input, "--dry-run", "-l", log);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 lines: 1 created, 1 updated, 1 unchanged", run.Stderr);
        Assert.Contains("nothing written", run.Stderr);
        Assert.Equal(0, Writes(ckan));
        Assert.Equal(["unchanged", "updated", "created"], JsonLinesFile.Read(log).Select(e => e["outcome"]!.ToString()));
    }

    [Fact]
    public async Task Malformed_and_invalid_lines_are_rejected_with_their_line_and_the_rest_go_through()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = _dir.File("mixed.jsonl");
        var badName = Dataset("Bad Name", org).ToJsonString();
        File.WriteAllLines(input, [
            Dataset("good-1", org).ToJsonString(),
            "{\"name\": \"broken\",",
            "",
            "[1, 2]",
            badName,
            "{\"title\": \"no id or name\"}",
            Dataset("good-2", org).ToJsonString(),
        ]);
        var rejects = _dir.File("rejects.jsonl");
        var log = _dir.File("load.log");

        var run = await Load(ckan, "datasets", "-I", input, "--rejects", rejects, "-l", log);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("7 lines: 2 created, 0 updated, 0 unchanged, 1 skipped, 4 rejected", run.Stderr);
        Assert.NotNull(ckan.Store.GetDataset("good-2"));
        var rejected = File.ReadAllLines(rejects);
        Assert.Equal(["{\"name\": \"broken\",", "[1, 2]", badName, "{\"title\": \"no id or name\"}"], rejected);
        var entries = JsonLinesFile.Read(log);
        Assert.Equal(7, entries.Count);
        Assert.Contains("mixed.jsonl line 2: not valid JSON", entries[1]["error"]!.ToString());
        Assert.Contains("line 4: a JSON array", entries[3]["error"]!.ToString());
        Assert.Contains("Must be purely lowercase alphanumeric", entries[4]["error"]!.ToString());
        Assert.Contains("neither an id nor a name", entries[5]["error"]!.ToString());
    }

    [Fact]
    public async Task A_fixed_rejects_file_loads_just_those_records()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("fine", org), Dataset("Not Fine", org)]);
        var rejects = _dir.File("rejects.jsonl");
        Assert.Equal(3, (await Load(ckan, "datasets", "-I", input, "--rejects", rejects)).ExitCode);

        File.WriteAllText(rejects, File.ReadAllText(rejects).Replace("Not Fine", "not-fine"));
        var rerun = await Load(ckan, "datasets", "-I", rejects);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("1 lines: 1 created", rerun.Stderr);
        Assert.NotNull(ckan.Store.GetDataset("not-fine"));
    }

    [Fact]
    public async Task A_dataset_whose_organization_is_missing_is_rejected_with_advice()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("orphan", Guid.NewGuid().ToString())]);
        var log = _dir.File("load.log");

        var run = await Load(ckan, "datasets", "-I", input, "-l", log);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("load organizations first", JsonLinesFile.Read(log)[0]["error"]!.ToString());
    }

    [Fact]
    public async Task A_dataset_pointing_at_a_source_org_id_is_matched_to_the_target_org_by_name()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.Organization(ckan, "publisher-x");
        var record = Dataset("by-org-name", Guid.NewGuid().ToString());
        record["organization"] = new JsonObject { ["name"] = "publisher-x", ["id"] = record["owner_org"]!.ToString() };
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [record]);

        var first = await Load(ckan, "datasets", "-I", input);
        var second = await Load(ckan, "datasets", "-I", input);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("1 created", first.Stderr);
        Assert.Contains("1 unchanged", second.Stderr);
    }

    [Fact]
    public async Task A_deleted_dataset_with_the_same_id_is_reactivated()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var record = Dataset("came-back", org);
        var stored = (JsonObject)record.DeepClone();
        stored["state"] = "deleted";
        ckan.Store.SeedDataset(stored);
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [record]);
        var log = _dir.File("load.log");

        var run = await Load(ckan, "datasets", "-I", input, "-l", log);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 updated", run.Stderr);
        Assert.Equal("active", ckan.Store.GetDataset(record["id"]!.ToString())!["state"]!.ToString());
        Assert.Contains("reactivated", JsonLinesFile.Read(log)[0]["note"]!.ToString());
    }

    [Fact]
    public async Task A_deleted_organization_holding_the_name_is_reactivated()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var deleted = ckan.Store.SeedGroup(new JsonObject { ["name"] = "old-pub", ["title"] = "Old", ["state"] = "deleted" }, organization: true);
        var input = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "old-pub", ["title"] = "Back again" }]);

        var run = await Load(ckan, "organizations", "-I", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 updated", run.Stderr);
        var org = ckan.Store.GetGroup("old-pub")!;
        Assert.Equal(deleted["id"]!.ToString(), org["id"]!.ToString());
        Assert.Equal("active", org["state"]!.ToString());
        Assert.Equal("Back again", org["title"]!.ToString());
    }

    [Fact]
    public async Task Organization_members_not_in_the_record_are_kept_and_listed_ones_get_their_role()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.User(ckan, "keeper");
        Seed.User(ckan, "newcomer");
        Seed.User(ckan, "promoted");
        Seed.Organization(ckan, "pub", ("keeper", "admin"), ("promoted", "member"));
        var record = new JsonObject
        {
            ["name"] = "pub",
            ["title"] = "Title of pub",
            ["description"] = "About pub",
            ["users"] = new JsonArray(new JsonObject { ["name"] = "newcomer", ["capacity"] = "editor" }, new JsonObject { ["name"] = "promoted", ["capacity"] = "Admin" }),
        };
        var input = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [record]);

        var run = await Load(ckan, "organizations", "-I", input);
        var again = await Load(ckan, "organizations", "-I", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 updated", run.Stderr);
        Assert.Contains("1 unchanged", again.Stderr);
        var members = ((JsonArray)ckan.Store.GetGroup("pub")!["members"]!).OfType<JsonObject>()
            .ToDictionary(m => ckan.Store.GetUser(m["user_id"]!.ToString())!["name"]!.ToString(), m => m["capacity"]!.ToString());
        Assert.Equal("admin", members["keeper"]);
        Assert.Equal("editor", members["newcomer"]);
        Assert.Equal("admin", members["promoted"]);
        Assert.Equal(0, ckan.Calls["organization_update"]);
    }

    [Fact]
    public async Task An_organization_record_without_users_leaves_the_members_alone()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.User(ckan, "keeper");
        Seed.Organization(ckan, "pub", ("keeper", "editor"));
        var input = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [new JsonObject { ["name"] = "pub", ["title"] = "Renamed" }]);

        var run = await Load(ckan, "organizations", "-I", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Renamed", ckan.Store.GetGroup("pub")!["title"]!.ToString());
        Assert.Single((JsonArray)ckan.Store.GetGroup("pub")!["members"]!);
    }

    [Fact]
    public async Task Users_are_created_with_their_password_hash_and_one_without_a_password_is_rejected_with_ckans_reason()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var input = JsonLinesFile.Write(_dir.File("users.jsonl"), [
            new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "hashed", ["email"] = "h@example.org", ["password_hash"] = "$pbkdf2-sha512$25000$abc$def", ["fullname"] = "H" },
            new JsonObject { ["name"] = "nopass", ["email"] = "n@example.org" },
        ]);
        var log = _dir.File("users.log");
        var rejects = _dir.File("users-rejects.jsonl");

        var run = await Load(ckan, "users", "-I", input, "-l", log, "--rejects", rejects);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("$pbkdf2-sha512$25000$abc$def", ckan.Store.GetUser("hashed")!["password_hash"]!.ToString());
        Assert.Contains("\"password\":[\"Missing value\"]", JsonLinesFile.Read(log)[1]["error"]!.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rejects));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));

        var again = await Load(ckan, "users", "-I", input);
        Assert.Contains("1 unchanged", again.Stderr);
    }

    [Fact]
    public async Task Start_and_max_records_select_physical_lines()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), Enumerable.Range(1, 6).Select(i => Dataset($"line-{i}", org)));

        var run = await Load(ckan, "datasets", "-I", input, "-s", "3", "-m", "2");

        Assert.Contains("2 lines: 2 created", run.Stderr);
        Assert.Null(ckan.Store.GetDataset("line-2"));
        Assert.NotNull(ckan.Store.GetDataset("line-3"));
        Assert.NotNull(ckan.Store.GetDataset("line-4"));
        Assert.Null(ckan.Store.GetDataset("line-5"));
    }

    [Fact]
    public async Task Call_counts_stay_within_the_targets_for_new_and_unchanged_records()
    {
        const int n = 1200;
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("many.jsonl"), Enumerable.Range(0, n).Select(i => Dataset($"bulk-{i:D5}", org)));
        var budget = (n + 999) / 1000 + 5;

        var first = await Load(ckan, "datasets", "-I", input, "-p", "8");
        var intoEmpty = ckan.Calls.Total;
        ckan.Calls.Reset();
        var second = await Load(ckan, "datasets", "-I", input, "-p", "8");
        var unchanged = ckan.Calls.Total;

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"{n} created", first.Stderr);
        Assert.Contains($"{n} unchanged", second.Stderr);
        Assert.True(intoEmpty <= n + budget, $"{intoEmpty} calls into an empty target");
        Assert.True(unchanged <= budget, $"{unchanged} calls for {n} unchanged records");
    }

    [Fact]
    public async Task A_target_that_goes_down_stops_cleanly_and_a_rerun_finishes_the_job()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), Enumerable.Range(0, 30).Select(i => Dataset($"ds-{i:D2}", org)));
        ckan.Faults.ChangeAfter("package_create", 10, () => ckan.Faults.Down = true); // every call 503 from then on

        var broken = await Load(ckan, "datasets", "-I", input, "-p", "1", "--retries", "1");

        Assert.True(broken.ExitCode == 1, broken.ToString());
        Assert.Contains("stopped before line 11", broken.Stderr);
        Assert.Contains("Run the same command again", broken.Stderr);
        Assert.Equal(10, ckan.Store.DatasetCount);

        ckan.Faults.Down = false;
        var rerun = await Load(ckan, "datasets", "-I", input, "-p", "4");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("30 lines: 20 created, 0 updated, 10 unchanged", rerun.Stderr);
        Assert.Equal(30, ckan.Store.DatasetCount);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_not_duplicated_or_rejected()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [Dataset("lost-answer", org)]);
        ckan.Faults.LoseNextAnswer("package_create");

        var run = await Load(ckan, "datasets", "-I", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 lines: 1 created", run.Stderr);
        Assert.Equal(1, ckan.Store.DatasetCount);
        Assert.Equal(2, ckan.Calls["package_create"]);
    }
}
