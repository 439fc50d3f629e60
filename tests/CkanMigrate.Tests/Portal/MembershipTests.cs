using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, organization and group membership: members and capacities arrive exactly through
/// <c>run</c>, users added later included; a user of the source whom the source took out loses the
/// role on the target, the target's own members stay; verify names both, and the hierarchy.
/// </summary>
public sealed class MembershipTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Keys(FakeCkanServer source, FakeCkanServer target) =>
        new() { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q",
            "--retries", "1", "--retry-delay", "0.01"], Keys(source, target));

    private Task<CliResult> Verify(FakeCkanServer source, FakeCkanServer target) =>
        CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"], Keys(source, target));

    private static Dictionary<string, string> Members(FakeCkanServer ckan, string organization) =>
        ckan.Store.GetGroup(organization)!["members"]!.AsArray().OfType<JsonObject>()
            .ToDictionary(m => ckan.Store.GetUser(m["user_id"]!.ToString())!["name"]!.ToString(), m => m["capacity"]!.ToString());

    private static void SetMember(FakeCkanServer ckan, string organization, string user, string? capacity)
    {
        var id = ckan.Store.GetUser(user)!["id"]!.ToString();
        ckan.Store.EditGroup(organization, g =>
        {
            var members = (JsonArray)g["members"]!;
            foreach (var old in members.OfType<JsonObject>().Where(m => m["user_id"]!.ToString() == id).ToList()) members.Remove(old);
            if (capacity is not null) members.Add(new JsonObject { ["user_id"] = id, ["capacity"] = capacity });
        });
    }

    private static async Task<(FakeCkanServer Source, FakeCkanServer Target)> StartAsync()
    {
        var source = await FakeCkanServer.StartAsync();
        var target = await FakeCkanServer.StartAsync();
        Seed.User(source, "ann");
        Seed.User(source, "bob");
        Seed.Organization(source, "pub", ("ann", "admin"), ("bob", "editor"));
        return (source, target);
    }

    [Fact]
    public async Task Users_added_and_roles_changed_at_the_source_after_the_first_run_arrive_at_the_next()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        Seed.User(source, "cat");
        SetMember(source, "pub", "cat", "editor");
        SetMember(source, "pub", "ann", "member"); // a downgrade

        var again = await Run(source, target);

        Assert.True(again.ExitCode == 0, again.ToString());
        var members = Members(target, "pub");
        Assert.Equal("member", members["ann"]);
        Assert.Equal("editor", members["bob"]);
        Assert.Equal("editor", members["cat"]);
    }

    [Fact]
    public async Task A_member_the_source_took_out_loses_the_role_on_the_target_and_the_targets_own_members_stay()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        SetMember(source, "pub", "bob", null);
        Seed.User(target, "tina"); // the target's own
        SetMember(target, "pub", "tina", "editor");

        var again = await Run(source, target);
        var log = File.ReadAllText(_dir.File("work/4-load/organizations.log"));
        target.Calls.Reset();
        var third = await Run(source, target);
        var verify = await Verify(source, target);

        Assert.True(again.ExitCode == 0, again.ToString());
        var members = Members(target, "pub");
        Assert.False(members.ContainsKey("bob"));
        Assert.Equal("editor", members["tina"]);
        Assert.Equal("admin", members["ann"]);
        Assert.Equal("admin", members["admin"]); // the target key's account, which CKAN made an admin of what it created
        Assert.Contains("removed members the source's record does not list: bob", log);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("| load | organizations | 0 created, 1 unchanged", third.Stdout);
        Assert.Equal(0, target.Calls["organization_patch"] + target.Calls["organization_update"]);
        var kinds = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!;
        Assert.Equal(1, kinds["organizations"]!["same"]!.GetValue<int>()); // tina is the target's: only her user differs (only on the target)
        Assert.Equal(["tina"], kinds["users"]!["only_on_target"]!.AsArray().Select(u => u!.ToString()));
    }

    [Fact]
    public async Task Verify_names_a_member_the_source_took_out_that_the_target_still_has()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        SetMember(source, "pub", "bob", null);

        var verify = await Verify(source, target);

        Assert.True(verify.ExitCode == 3, verify.ToString());
        var organizations = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!["organizations"]!;
        var field = organizations["different"]![0]!["fields"]!.AsArray().Single()!;
        Assert.Equal("users[bob]", field["field"]!.ToString());
        Assert.Equal("editor", field["target"]!.ToString());
    }

    [Fact]
    public async Task Verify_compares_the_organization_hierarchy()
    {
        var (source, target) = await StartAsync();
        await using var _ = source;
        await using var __ = target;
        var parent = Seed.Organization(source, "parent-body")["id"]!.ToString();
        Seed.Organization(source, "child-body");
        source.Store.EditGroup("child-body", g => g["member_groups"] = new JsonArray(parent));
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        Assert.True((await Verify(source, target)).ExitCode == 0);
        target.Store.EditGroup("child-body", g => g["member_groups"] = new JsonArray()); // unlinked on the target

        var verify = await Verify(source, target);

        Assert.True(verify.ExitCode == 3, verify.ToString());
        var organizations = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!["organizations"]!;
        var differs = organizations["different"]!.AsArray().Single()!;
        Assert.Equal("child-body", differs["key"]!.ToString());
        Assert.Contains(differs["fields"]!.AsArray(), f => f!["field"]!.ToString() == "groups[parent-body]" && f["source"]!.ToString() == "parent");
    }
}
