using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Safety;

/// <summary>Issue #22 §3: verify agrees with load's rules — what load skips by a rule, and how it matches records.</summary>
public sealed class VerifyRulesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Keys(FakeCkanServer source, FakeCkanServer target) =>
        new() { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

    private Task<CliResult> Run(string verb, FakeCkanServer source, FakeCkanServer target) =>
        CliProcess.RunAsync([verb, "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"], Keys(source, target));

    [Fact]
    public async Task The_target_keys_own_account_is_skipped_by_rule_in_verify_as_in_load_and_does_not_fail_it()
    {
        // The source has its own "admin" (another e-mail and password hash); the target's admin is the account the target key belongs to.
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { SysadminName = "source-admin", SysadminEmail = "source-admin@example.org" });
        await using var target = await FakeCkanServer.StartAsync();
        Seed.User(source, "admin", sysadmin: true);
        Seed.User(source, "someone");
        Seed.Organization(source, "pub", ("someone", "editor"));

        var run = await Run("run", source, target);
        var verify = await Run("verify", source, target);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(SkipRuleText, File.ReadAllText(_dir.File("work/4-load/users.log")));
        Assert.Contains($"admin: {SkipRuleText}", run.Stdout); // the report's skipped line names its rule (#23)
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"- `admin`: {SkipRuleText}", verify.Stdout);
        var users = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!["users"]!;
        Assert.Equal("admin", users["skipped_by_rule"]![0]!["key"]!.ToString());
        Assert.Empty(users["different"]!.AsArray());
    }

    private const string SkipRuleText = "the account the target key belongs to is never changed by a load";

    [Fact]
    public async Task Verify_matches_organizations_by_id_then_name_as_load_does()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.Organization(source, "pub");
        Assert.Equal(0, (await Run("run", source, target)).ExitCode);
        source.Store.EditGroup("pub", g => g["name"] = "pub-renamed");

        var verify = await Run("verify", source, target);

        Assert.True(verify.ExitCode == 3, verify.ToString());
        var organizations = JsonNode.Parse(File.ReadAllText(_dir.File("work/report.json")))!["kinds"]!["organizations"]!;
        Assert.Empty(organizations["missing_on_target"]!.AsArray());
        Assert.Empty(organizations["only_on_target"]!.AsArray());
        var differs = organizations["different"]![0]!;
        Assert.Equal("pub-renamed", differs["key"]!.ToString());
        Assert.Contains(differs["fields"]!.AsArray(), f => f!["field"]!.ToString() == "name");
    }
}
