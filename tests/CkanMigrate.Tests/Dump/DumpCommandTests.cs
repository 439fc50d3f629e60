using System.IO.Compression;
using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Dump;

/// <summary>ckan-migrate dump, run as a real process against FakeCkan in both modes.</summary>
public sealed class DumpCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Dump(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync(["dump", .. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    [Fact]
    public async Task Datasets_modern_search_includes_private_and_drafts_and_pages_past_1000()
    {
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode());
        Seed.ManyDatasets(ckan, 2345);
        var org = Seed.Organization(ckan, "gone-org");
        Seed.Dataset(ckan, "deleted-one", org["id"]!.ToString(), state: "deleted");
        var output = _dir.File("datasets.jsonl");

        var run = await Dump(ckan, "datasets", "--all", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var records = JsonLinesFile.Read(output);
        Assert.Equal(2345, records.Count);
        Assert.Equal(2345, records.Select(r => r["id"]!.ToString()).Distinct().Count());
        Assert.Contains(records, r => r["private"]!.GetValue<bool>());
        Assert.Contains(records, r => r["state"]!.ToString() == "draft");
        Assert.DoesNotContain(records, r => r["name"]!.ToString() == "deleted-one");
        var ids = records.Select(r => r["id"]!.ToString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        // ⌈2345/1000⌉ pages of package_search, the probe calls, and the completeness check:
        // package_list, organization_list and one member_list per organization (4).
        Assert.Equal(3, ckan.Calls["package_search"]);
        Assert.Equal(1, ckan.Calls["package_list"]);
        Assert.True(ckan.Calls.Total <= 3 + 5 + 2 + 4, $"{ckan.Calls.Total} calls");
        Assert.Equal(0, ckan.Calls["package_show"]);
    }

    [Fact]
    public async Task Datasets_without_a_key_are_only_the_public_active_ones()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 100);
        var output = _dir.File("public.jsonl");

        var run = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-O", output, "-q");

        Assert.Equal(0, run.ExitCode);
        var records = JsonLinesFile.Read(output);
        Assert.Equal(100 - 10 - 4, records.Count); // every 10th is private, every 25th a draft, none both
        Assert.All(records, r => Assert.False(r["private"]!.GetValue<bool>()));
        Assert.All(records, r => Assert.Equal("active", r["state"]!.ToString()));
    }

    [Fact]
    public async Task Datasets_legacy_22_keeps_private_datasets_through_member_list()
    {
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        Seed.ManyDatasets(ckan, 60);
        var output = _dir.File("legacy.jsonl");

        var run = await Dump(ckan, "datasets", "--all", "-O", output, "-p", "8");

        Assert.True(run.ExitCode == 0, run.ToString());
        var records = JsonLinesFile.Read(output);
        var expected = ckan.Store.DatasetCount;
        Assert.Equal(expected, records.Count);
        Assert.Equal(6, records.Count(r => r["private"]!.GetValue<bool>()));
        Assert.Equal(0, ckan.Calls["package_search"]); // 2.2 cannot search private datasets at all
        Assert.Equal(records.Count, ckan.Calls["package_show"]);
    }

    [Fact]
    public async Task Via_show_makes_one_package_show_per_dataset_in_name_order()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 120);
        var output = _dir.File("show.jsonl");

        var run = await Dump(ckan, "datasets", "--all", "--via", "show", "-p", "8", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var records = JsonLinesFile.Read(output);
        Assert.Equal(120, records.Count);
        Assert.Equal(120, ckan.Calls["package_show"]);
        var publicNames = records.Where(r => !r["private"]!.GetValue<bool>() && r["state"]!.ToString() == "active").Select(r => r["name"]!.ToString()).ToList();
        Assert.Equal(publicNames.Order(StringComparer.Ordinal), publicNames);
    }

    [Fact]
    public async Task Organizations_past_the_1000_cap_are_all_dumped_with_members_and_extras()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.User(ckan, "alice");
        for (var i = 0; i < 1100; i++) Seed.Organization(ckan, $"org-{i:D4}", ("alice", i % 2 == 0 ? "editor" : "member"));
        var output = _dir.File("orgs.jsonl");

        var run = await Dump(ckan, "organizations", "--all", "-p", "16", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var records = JsonLinesFile.Read(output);
        Assert.Equal(1100, records.Count);
        Assert.True(ckan.Calls["organization_list"] >= 2);
        var first = records[0];
        Assert.Equal("org-0000", first["name"]!.ToString());
        Assert.Equal("editor", first["users"]![0]!["capacity"]!.ToString());
        Assert.Equal("alice", first["users"]![0]!["name"]!.ToString());
        Assert.Equal("contact-email", first["extras"]![0]!["key"]!.ToString());
        Assert.Null(first["packages"]);
    }

    [Fact]
    public async Task Organizations_on_a_legacy_site_come_from_one_unpaged_list()
    {
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        for (var i = 0; i < 30; i++) Seed.Organization(ckan, $"pub-{i:D2}");
        var output = _dir.File("orgs.jsonl");

        var run = await Dump(ckan, "organizations", "--all", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(30, JsonLinesFile.Read(output).Count);
        Assert.Equal(1, ckan.Calls["organization_list"]);
    }

    [Fact]
    public async Task Groups_past_the_all_fields_cap_are_dumped()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        for (var i = 0; i < 40; i++)
            ckan.Store.SeedGroup(new JsonObject { ["name"] = $"group-{i:D2}", ["title"] = "Same title" }, organization: false);
        var output = _dir.File("groups.jsonl");

        var run = await Dump(ckan, "groups", "--all", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var records = JsonLinesFile.Read(output);
        Assert.Equal(40, records.Count);
        Assert.All(records, r => Assert.Equal("group", r["type"]!.ToString()));
    }

    [Fact]
    public async Task Users_carry_password_hashes_and_emails_and_the_file_is_owner_only()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.User(ckan, "alice");
        Seed.User(ckan, "bob");
        var output = _dir.File("users.jsonl");

        var run = await Dump(ckan, "users", "--all", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var users = JsonLinesFile.Read(output);
        Assert.Equal(["admin", "alice", "bob"], users.Select(u => u["name"]!.ToString()));
        var alice = users.Single(u => u["name"]!.ToString() == "alice");
        Assert.Equal("$pbkdf2-sha512$25000$alice$hash", alice["password_hash"]!.ToString());
        Assert.Equal("alice@example.org", alice["email"]!.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
    }

    [Fact]
    public async Task Users_on_a_legacy_site_lose_the_activity_stream()
    {
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        Seed.User(ckan, "carol");
        var output = _dir.File("users.jsonl");

        var run = await Dump(ckan, "users", "--all", "-O", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var carol = JsonLinesFile.Read(output).Single(u => u["name"]!.ToString() == "carol");
        Assert.Null(carol["activity"]);
        Assert.Null(carol["password_hash"]); // 2.2 has no include_password_hash
    }

    [Fact]
    public async Task Gzip_output_holds_the_same_bytes_as_plain_and_two_dumps_are_identical()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 50);
        var plain = _dir.File("a.jsonl");
        var again = _dir.File("b.jsonl");
        var zipped = _dir.File("c.jsonl.gz");
        var zippedByFlag = _dir.File("d.jsonl");

        Assert.Equal(0, (await Dump(ckan, "datasets", "--all", "-O", plain)).ExitCode);
        Assert.Equal(0, (await Dump(ckan, "datasets", "--all", "-O", again)).ExitCode);
        Assert.Equal(0, (await Dump(ckan, "datasets", "--all", "-O", zipped)).ExitCode);
        Assert.Equal(0, (await Dump(ckan, "datasets", "--all", "-z", "-O", zippedByFlag)).ExitCode);

        var bytes = File.ReadAllBytes(plain);
        Assert.Equal(bytes, File.ReadAllBytes(again));
        Assert.Equal(bytes, Gunzip(zipped));
        Assert.Equal(bytes, Gunzip(zippedByFlag));
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        var firstLine = System.Text.Encoding.UTF8.GetString(bytes).Split('\n')[0];
        Assert.Contains("ünïcode", firstLine);
        var keys = ((JsonObject)JsonNode.Parse(firstLine)!).Select(p => p.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Without_output_the_records_go_to_stdout()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 5);

        var run = await Dump(ckan, "datasets", "--all");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, JsonLinesFile.Parse(run.Stdout).Count);
        Assert.Contains("dump datasets: 5 written", run.Stderr);
    }

    [Fact]
    public async Task Named_records_that_do_not_exist_fail_with_exit_3_and_are_logged()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 3);
        var output = _dir.File("some.jsonl");
        var log = _dir.File("dump.log");

        var run = await Dump(ckan, "datasets", "dataset-000000", "no-such-dataset", "dataset-000002", "-O", output, "-l", log);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["dataset-000000", "dataset-000002"], JsonLinesFile.Read(output).Select(r => r["name"]!.ToString()));
        var entry = JsonLinesFile.Read(log).Single();
        Assert.Equal("no-such-dataset", entry["key"]!.ToString());
        Assert.Contains("NotFound", entry["error"]!.ToString());
        Assert.Contains("1 failed", run.Stderr);
    }

    [Fact]
    public async Task A_server_that_stays_down_ends_with_exit_1_and_no_output_file()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 2500);
        ckan.Faults.FailAfter("package_search", 1); // the first page comes, then the server breaks
        var output = _dir.File("broken.jsonl");

        var run = await Dump(ckan, "datasets", "--all", "-O", output, "--retries", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir.Path)); // no temp file left either
        Assert.Contains("package_search", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // one line, no stack trace
        Assert.Equal(1 + 3, ckan.Calls["package_search"]);
    }

    [Fact]
    public async Task An_unreachable_site_is_fatal_with_a_clear_message()
    {
        var run = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", "http://127.0.0.1:9/", "-q", "--retries", "1", "--retry-delay", "0.01", "-O", _dir.File("x.jsonl"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("connection refused by 127.0.0.1:9: is the site running, and is the port right? (after 2 attempts)", run.Stderr);
        Assert.False(File.Exists(_dir.File("x.jsonl")));
    }

    [Theory]
    [InlineData("dump", "datasets", "-r", "http://127.0.0.1:9/")]
    [InlineData("dump", "datasets", "--all", "one", "-r", "http://127.0.0.1:9/")]
    [InlineData("dump", "widgets", "--all", "-r", "http://127.0.0.1:9/")]
    [InlineData("dump", "datasets", "--all")]
    [InlineData("dump", "datasets", "--all", "-r", "not a url")]
    [InlineData("dump", "datasets", "--all", "-r", "http://127.0.0.1:9/", "-p", "0")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var run = await CliProcess.RunAsync(args);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error", run.Stderr);
    }

    [Fact]
    public async Task The_key_never_appears_in_any_output()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 10);
        var output = _dir.File("d.jsonl");
        var log = _dir.File("d.log");

        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "no-such", "-r", ckan.BaseUrl.ToString(), "-a", ckan.SysadminToken, "-O", output, "-l", log]);
        var named = await CliProcess.RunAsync(["dump", "datasets", "no-such", "-r", ckan.BaseUrl.ToString(), "-a", ckan.SysadminToken, "-O", output, "-l", log]);

        foreach (var text in new[] { run.Stdout, run.Stderr, named.Stdout, named.Stderr, File.ReadAllText(output), File.ReadAllText(log) })
            Assert.DoesNotContain(ckan.SysadminToken, text);
    }

    private static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gz.CopyTo(buffer);
        return buffer.ToArray();
    }
}
