using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Load;

/// <summary>
/// Issue #22 §4: CKAN answers a create carrying both an id and a parent with a 500, drops a parent
/// it lacks when no id is sent, and refuses an update naming a parent it lacks. Organizations are
/// created without parents, which are linked once every organization of the load is in; a parent
/// the target lacks is reported as not kept; and a second run writes nothing.
/// </summary>
public sealed class HierarchyTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonObject Org(string name, params string[] parents) => new()
    {
        ["id"] = Seed.DeterministicId("org", name),
        ["name"] = name,
        ["title"] = $"Title of {name}",
        ["groups"] = new JsonArray(parents.Select(p => (JsonNode)new JsonObject { ["name"] = p, ["capacity"] = "public" }).ToArray()),
    };

    private Task<CliResult> Load(FakeCkanServer target, string input) =>
        CliProcess.RunAsync(["load", "organizations", "-I", input, "-r", target.BaseUrl.ToString(), "-l", _dir.File("load.log"), "--retries", "1", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken });

    [Fact]
    public async Task Organizations_are_created_then_linked_to_parents_listed_later_and_a_second_load_writes_nothing()
    {
        await using var target = await FakeCkanServer.StartAsync();
        // The child comes first: its parent does not exist yet when it is created.
        var input = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [Org("child", "parent"), Org("parent"), Org("orphan", "nowhere")]);

        var first = await Load(target, input);
        var firstLog = JsonLinesFile.Read(_dir.File("load.log"));
        var second = await Load(target, input);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("3 created", first.Stderr);
        var child = target.Store.GetGroup("child")!;
        Assert.Equal(Seed.DeterministicId("org", "child"), child["id"]!.ToString());
        Assert.Equal([target.Store.GetGroup("parent")!["id"]!.ToString()], child["member_groups"]!.AsArray().Select(g => g!.ToString()));
        var orphanLog = firstLog.Single(e => e["name"]?.ToString() == "orphan" && e["outcome"]!.ToString() == "parents");
        Assert.Equal("groups.nowhere", orphanLog["not_kept"]![0]!.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("3 unchanged", second.Stderr);
        Assert.Equal(0, target.Calls["organization_patch"] - 1); // the one link of the first load, none in the second
    }

    [Fact]
    public async Task A_parent_that_already_exists_is_linked_without_the_create_failing()
    {
        await using var target = await FakeCkanServer.StartAsync();
        Seed.Organization(target, "parent");
        var input = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [Org("child", "parent")]);

        var load = await Load(target, input);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(0, target.Calls["status_show"] - 1); // no 500 to recover from: the site was asked only at the start
        Assert.Single(target.Store.GetGroup("child")!["member_groups"]!.AsArray());
    }

    [Fact]
    public async Task The_dgu_sample_into_a_stock_target_loses_no_organization_and_a_second_run_leaves_them_unchanged()
    {
        await using var target = await FakeCkanServer.StartAsync();
        string[] args = ["run", "--from", Path.Combine(SharedFiles.RepoRoot, "samples", "dgu"), "--to", target.BaseUrl.ToString(), "--profile", "dgu",
            "--work", _dir.File("work"), "-q", "--retries", "1", "--retry-delay", "0.01", "--no-files"];
        var key = new Dictionary<string, string?> { ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

        var first = await CliProcess.RunAsync(args, key);
        var second = await CliProcess.RunAsync(args, key);

        Assert.Contains("| load | organizations | 8 created", first.Stdout);
        Assert.Contains("parents: 0 linked, 2 not on the target", first.Stdout);
        Assert.True(second.Stdout.Contains("| load | organizations | 0 created, 8 unchanged", StringComparison.Ordinal), second.ToString());
        Assert.Contains("the target does not keep these organizations fields", second.Stdout);
    }
}
