using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Load;

/// <summary>
/// Issue #22 §4: a target key of an organization's admin (not a sysadmin). Adding a dataset to a
/// group needs membership of that group, so datasets listing other groups (or groups the target does
/// not have) were rejected whole, and drafts became active without a word. Now every dataset
/// arrives: without the groups the key may not use (each listed as not kept), drafts put back.
/// </summary>
public sealed class OrganizationAdminKeyTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Token = "org-admin-token-0123456789";

    private static async Task<FakeCkanServer> TargetAsync()
    {
        var target = await FakeCkanServer.StartAsync();
        var admin = target.Store.SeedUser(new JsonObject { ["name"] = "org-admin", ["email"] = "oa@example.org", ["fullname"] = "Org Admin" }, Token);
        Seed.Organization(target, "pub", ("org-admin", "admin"));
        target.Store.SeedGroup(new JsonObject { ["name"] = "mine", ["title"] = "Mine", ["users"] = new JsonArray(new JsonObject { ["name"] = "org-admin", ["capacity"] = "member" }) }, organization: false);
        target.Store.SeedGroup(new JsonObject { ["name"] = "theirs", ["title"] = "Theirs" }, organization: false);
        return target;
    }

    private static JsonObject Dataset(string name, string state = "active", params string[] groups) => new()
    {
        ["id"] = Seed.DeterministicId("dataset", name),
        ["name"] = name,
        ["title"] = name,
        ["owner_org"] = "pub",
        ["state"] = state,
        ["groups"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject { ["name"] = g }).ToArray()),
    };

    [Fact]
    public async Task Every_dataset_arrives_without_the_groups_the_key_may_not_use_drafts_stay_drafts_and_a_second_load_writes_nothing()
    {
        await using var target = await TargetAsync();
        var input = JsonLinesFile.Write(_dir.File("datasets.jsonl"),
        [
            Dataset("in-both", "active", "mine", "theirs"),
            Dataset("in-missing", "active", "not-on-target"),
            Dataset("a-draft", "draft"),
        ]);
        string[] load = ["load", "datasets", "-I", input, "-r", target.BaseUrl.ToString(), "-l", _dir.File("log.jsonl"), "--retry-delay", "0.01"];
        var key = new Dictionary<string, string?> { ["CKAN_API_KEY"] = Token };

        var first = await CliProcess.RunAsync(load, key);
        var log = JsonLinesFile.Read(_dir.File("log.jsonl"));
        var second = await CliProcess.RunAsync(load, key);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("3 created", first.Stderr);
        Assert.Equal(["mine"], target.Store.GetDataset("in-both")!["groups"]!.AsArray().Select(g => g!["name"]!.ToString()));
        Assert.Empty(target.Store.GetDataset("in-missing")!["groups"]!.AsArray());
        Assert.Equal("draft", target.Store.GetDataset("a-draft")!["state"]!.ToString());
        Assert.Equal(["groups.theirs"], log.Single(e => e["name"]!.ToString() == "in-both")["not_kept"]!.AsArray().Select(n => n!.ToString()));
        Assert.Contains("group_list_authz", log.Single(e => e["name"]!.ToString() == "in-missing")["note"]!.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 created, 0 updated, 3 unchanged", second.Stderr);
    }

    [Fact]
    public async Task The_dry_run_says_which_groups_such_a_key_cannot_carry()
    {
        await using var target = await TargetAsync();
        var folder = Directory.CreateDirectory(_dir.File("portal")).FullName;
        JsonLinesFile.Write(Path.Combine(folder, "datasets.jsonl"), [Dataset("in-both", "active", "mine", "theirs")]);

        var plan = await CliProcess.RunAsync(["run", "--from", folder, "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "--dry-run", "-q"],
            new Dictionary<string, string?> { ["CKAN_TARGET_API_KEY"] = Token });

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("1 datasets would be written without what the target key may not write (groups ×1)", plan.Stdout);
        Assert.Null(target.Store.GetDataset("in-both"));
    }
}
