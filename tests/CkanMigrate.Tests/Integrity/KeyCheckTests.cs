using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Integrity;

/// <summary>Issue #10 §5: what each key can do is learned before any work.</summary>
public sealed class KeyCheckTests : IDisposable
{
    private const string OrgAdminToken = "org-admin-token-000";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string OrgWithAdmin(FakeCkanServer ckan)
    {
        ckan.Store.SeedUser(new JsonObject { ["name"] = "orgadmin", ["email"] = "oa@example.org", ["password_hash"] = "$pbkdf2$oa" }, OrgAdminToken);
        return Seed.Organization(ckan, "pub", ("orgadmin", "admin"))["id"]!.ToString();
    }

    [Fact]
    public async Task A_wrong_key_stops_a_dump_with_one_line_and_writes_nothing()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 30);
        var output = _dir.File("datasets.jsonl");

        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-a", "wrong-key", "-O", output, "-q"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("key is not accepted", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(output));
        Assert.Equal(0, ckan.Calls["package_search"]);
    }

    [Fact]
    public async Task A_dump_without_a_sysadmin_key_says_what_will_be_missing()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = OrgWithAdmin(ckan);
        Seed.Dataset(ckan, "open", org);

        var anonymous = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-O", _dir.File("a.jsonl"), "-q"]);
        var orgAdmin = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-a", OrgAdminToken, "-O", _dir.File("b.jsonl"), "-q"]);

        Assert.Equal(0, anonymous.ExitCode);
        Assert.Contains("no API key: private and draft datasets, e-mail addresses and password hashes will be missing", anonymous.Stderr);
        Assert.Equal(0, orgAdmin.ExitCode);
        Assert.Contains("not a sysadmin's", orgAdmin.Stderr);
    }

    [Fact]
    public async Task Run_with_a_wrong_source_key_stops_before_writing_to_the_target()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(source, 20);

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = "wrong", ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the source key is not accepted", run.Stderr);
        Assert.Equal(0, target.Store.DatasetCount);
        Assert.False(Directory.Exists(_dir.File("work")));
    }

    [Fact]
    public async Task Run_refuses_a_source_key_that_is_not_a_sysadmins_unless_public_only()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = OrgWithAdmin(source);
        Seed.Dataset(source, "open", org);
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = OrgAdminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] args = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"];

        var refused = await CliProcess.RunAsync(args, env);
        var accepted = await CliProcess.RunAsync([.. args, "--public-only"], env);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--public-only", refused.Stderr);
        Assert.True(accepted.ExitCode is 0 or 3, accepted.ToString()); // users without e-mails are rejected by the target: reported, not a stop
        Assert.NotNull(target.Store.GetDataset("open"));
    }

    [Fact]
    public async Task An_incremental_run_with_a_sysadmins_key_after_a_public_only_run_moves_the_private_datasets_that_did_not_change()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.Dataset(source, "open", OrgWithAdmin(source));
        Seed.Dataset(source, "hidden", Seed.Organization(source, "other")["id"]!.ToString(), isPrivate: true); // not the org admin's to see
        string[] args = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--since", "auto"];

        var publicOnly = await CliProcess.RunAsync([.. args, "--public-only"],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = OrgAdminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });
        Assert.True(publicOnly.ExitCode is 0 or 3, publicOnly.ToString());
        Assert.Null(target.Store.GetDataset("hidden"));

        var whole = await CliProcess.RunAsync(args, // nothing changed at the source since the last run
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

        Assert.True(whole.ExitCode is 0 or 3, whole.ToString());
        Assert.Contains("the last run did not move private and draft datasets", whole.Stdout);
        Assert.NotNull(target.Store.GetDataset("hidden"));
    }

    [Fact]
    public async Task An_org_admin_target_key_creates_without_ids_logs_the_pairs_and_a_second_load_creates_nothing()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = OrgWithAdmin(ckan);
        var records = Enumerable.Range(0, 3).Select(i => new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", $"d{i}"), ["name"] = $"d{i}", ["title"] = $"D{i}", ["owner_org"] = org,
            ["state"] = i == 2 ? "draft" : "active",
        });
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), records);
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = OrgAdminToken };
        var log = _dir.File("load.log");

        var first = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q", "-l", log], env);
        var second = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q"], env);

        Assert.Contains("3 created", first.Stderr);
        Assert.Contains("not a sysadmin's", first.Stderr);
        var entries = JsonLinesFile.Read(log);
        Assert.Contains($"source id {Seed.DeterministicId("dataset", "d0")} is {ckan.Store.GetDataset("d0")!["id"]}", entries[0]["note"]!.ToString());
        Assert.Contains("state 'draft' put back with package_patch (the create stored 'active')", entries[2]["note"]!.ToString()); // #22 §4: was left active
        Assert.Equal("draft", ckan.Store.GetDataset("d2")!["state"]!.ToString());
        Assert.Contains("0 created", second.Stderr);
        Assert.Equal(3, ckan.Store.DatasetCount);
    }

    [Fact]
    /// <summary>A check of FakeCkan's imitation, not of the tool: the trap the next test keeps the loader out of.</summary>
    public async Task Fixture_check_FakeCkan_wipes_the_stored_hash_when_a_non_sysadmin_sends_one_as_CKAN_2_10_does()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        OrgWithAdmin(ckan);
        using var orgAdmin = new CkanMigrate.Ckan.CkanClient(new CkanMigrate.Ckan.CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = OrgAdminToken });

        await orgAdmin.CallAsync("user_patch", new JsonObject { ["id"] = "orgadmin", ["password_hash"] = "$pbkdf2-sha512$25000$new" }); // 200, no error

        Assert.Equal("", ckan.Store.GetUser("orgadmin")!["password_hash"]!.ToString()); // the trap the loader must never walk into
    }

    [Fact]
    public async Task A_non_sysadmin_target_key_never_sends_a_password_hash()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        OrgWithAdmin(ckan);
        // The key owner's own record, the one account a non-sysadmin may update: the trap above.
        var input = JsonLinesFile.Write(_dir.File("users.jsonl"), [
            new JsonObject { ["name"] = "orgadmin", ["email"] = "oa@example.org", ["password_hash"] = "$pbkdf2$from-source" },
        ]);

        var run = await CliProcess.RunAsync(["load", "users", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = OrgAdminToken });

        Assert.Equal("$pbkdf2$oa", ckan.Store.GetUser("orgadmin")!["password_hash"]!.ToString());
        Assert.Contains("password hashes are not carried", run.Stderr); // said once, for the whole load
    }

    [Fact]
    public async Task On_2_4_to_2_9_the_account_a_sysadmin_key_belongs_to_is_found_and_never_changed_either()
    {
        // config_option_show says "sysadmin" but not whose key it is; user_list's own row does.
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { CkanVersion = "2.8.5" });
        var before = ckan.Store.GetUser("admin")!["password_hash"]?.ToString();
        var input = JsonLinesFile.Write(_dir.File("users.jsonl"), [
            new JsonObject { ["name"] = "admin", ["email"] = "old-site-admin@example.org", ["password_hash"] = "$pbkdf2$source-admin", ["sysadmin"] = true },
        ]);

        var run = await CliProcess.RunAsync(["load", "users", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 skipped", run.Stderr);
        Assert.Equal(before, ckan.Store.GetUser("admin")!["password_hash"]?.ToString());
    }

    [Fact]
    public async Task The_account_the_target_key_belongs_to_is_never_changed_by_a_load()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var before = ckan.Store.GetUser("admin")!["password_hash"]?.ToString();
        var input = JsonLinesFile.Write(_dir.File("users.jsonl"), [
            new JsonObject { ["name"] = "admin", ["email"] = "old-site-admin@example.org", ["password_hash"] = "$pbkdf2$source-admin", ["sysadmin"] = true },
        ]);
        var log = _dir.File("load.log");

        var run = await CliProcess.RunAsync(["load", "users", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q", "-l", log],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 skipped", run.Stderr);
        Assert.Equal(before, ckan.Store.GetUser("admin")!["password_hash"]?.ToString());
        Assert.Equal("admin@example.org", ckan.Store.GetUser("admin")!["email"]!.ToString());
        Assert.Contains("target key belongs to", JsonLinesFile.Read(log)[0]["note"]!.ToString());
    }

    [Fact]
    public async Task On_a_legacy_site_a_users_own_key_is_told_apart_from_a_sysadmins_and_from_an_unknown_one()
    {
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        var org = OrgWithAdmin(ckan);
        Seed.Dataset(ckan, "open", org);
        string[] dump = ["dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-q", "-O"];

        var user = await CliProcess.RunAsync([.. dump, _dir.File("u.jsonl"), "-a", OrgAdminToken]);
        var admin = await CliProcess.RunAsync([.. dump, _dir.File("a.jsonl"), "-a", ckan.SysadminToken]);
        var unknown = await CliProcess.RunAsync([.. dump, _dir.File("x.jsonl"), "-a", "nobody-has-this-key"]);

        Assert.Equal(0, user.ExitCode);
        Assert.Contains("not a sysadmin's: private and draft datasets", user.Stderr); // its own row shows its key: still not a sysadmin
        Assert.Equal(0, admin.ExitCode);
        Assert.DoesNotContain("will be missing", admin.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("key is not accepted", unknown.Stderr);
    }
}
