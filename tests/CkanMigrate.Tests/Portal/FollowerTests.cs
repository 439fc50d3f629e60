using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Load;
using CkanMigrate.Portal;
using CkanMigrate.Portal.Followers;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, followers: a user can only follow as themself, so each following user follows with a
/// short-lived API token the load makes and revokes at once; every token made is revoked, even when
/// the load is interrupted or a follow fails, and the counts say so.
/// </summary>
public sealed class FollowerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A target with the source's users and objects (a run without --followers), and the source's followers dumped.</summary>
    private async Task<string> PreparedAsync(FakeCkanServer source, FakeCkanServer target)
    {
        WholePortal.Seed(source);
        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"],
            WholePortal.Keys(source, target));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("not moved unless asked for: followers (--followers), site-config (--site-config)", run.Stdout);
        Assert.Empty(target.Store.Portal.FollowerRows());
        var file = _dir.File("followers.jsonl");
        var dump = await CliProcess.RunAsync("dump", "followers", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", file, "-q");
        Assert.True(dump.ExitCode == 0, dump.ToString());
        return file;
    }

    private static string[] Load(FakeCkanServer target, string file, params string[] more) =>
        ["load", "followers", "-I", file, "-r", target.BaseUrl.AbsoluteUri, "-p", "1", "--retries", "1", "--retry-delay", "0.01", .. more];

    private static Dictionary<string, string?> Key(FakeCkanServer target) => new() { ["CKAN_API_KEY"] = target.SysadminToken };

    private static int TokensLeft(FakeCkanServer target) => new[] { "ann", "bob", "cat" }.Sum(u => target.Store.Portal.TokenRows(u).Count);

    [Fact]
    public async Task Load_followers_follows_as_each_user_and_revokes_every_token_it_made_then_a_second_load_makes_none()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var file = await PreparedAsync(source, target);

        var load = await CliProcess.RunAsync(Load(target, file), Key(target));
        target.Calls.Reset();
        var again = await CliProcess.RunAsync(Load(target, file), Key(target));

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("2 created", load.Stderr);
        Assert.Contains("2 API tokens made, 2 API tokens revoked", load.Stderr);
        var follows = target.Store.Portal.FollowerRows();
        Assert.Equal(5, follows.Count);
        var ann = target.Store.GetUser("ann")!["id"]!.ToString();
        Assert.Equal(4, follows.Count(f => f["follower_id"]!.ToString() == ann)); // as ann, not as the sysadmin
        Assert.Equal(0, TokensLeft(target));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("2 unchanged", again.Stderr);
        Assert.Empty(target.Calls.Writes());
        Assert.Equal(0, target.Calls["api_token_create"]);
    }

    [Fact]
    public async Task An_interrupted_load_revokes_the_token_it_was_following_with()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var file = await PreparedAsync(source, target);

        var stopped = await CliProcess.RunInterruptedByAsync(Load(target, file), Key(target),
            stop => target.Faults.ChangeAfter("follow_user", 1, () => { stop(); Thread.Sleep(500); }));

        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        Assert.True(target.Calls["api_token_create"] >= 1);
        Assert.Equal(target.Calls["api_token_create"], target.Calls.Writes().GetValueOrDefault("api_token_revoke"));
        Assert.Equal(0, TokensLeft(target));
        Assert.Contains("API tokens made", stopped.Stderr);
        var made = System.Text.RegularExpressions.Regex.Match(stopped.Stderr, @"(\d+) API tokens made, (\d+) API tokens revoked");
        Assert.True(made.Success, stopped.Stderr);
        Assert.Equal(made.Groups[1].Value, made.Groups[2].Value);
    }

    [Fact]
    public async Task A_follow_that_keeps_failing_stops_the_load_and_its_token_is_revoked_all_the_same()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var file = await PreparedAsync(source, target);
        target.Faults.FailingActions.Add("follow_group");

        var load = await CliProcess.RunAsync(Load(target, file), Key(target));

        Assert.True(load.ExitCode == 1, load.ToString());
        Assert.Contains("stopped before line 1", load.Stderr);
        Assert.Contains("1 API tokens made, 1 API tokens revoked", load.Stderr);
        Assert.Equal(0, TokensLeft(target));
    }

    [Fact]
    public async Task A_follow_the_target_refuses_rejects_the_record_with_the_reason_and_the_rest_is_followed()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var file = await PreparedAsync(source, target);
        JsonLinesFile.Write(file, JsonLinesFile.Read(file).Select(r =>
        {
            if (r["user"]!.ToString() == "bob") r["datasets"]!.AsArray().Add("not-on-the-target");
            return r;
        }).ToList());

        var load = await CliProcess.RunAsync(Load(target, file, "-l", _dir.File("load.log")), Key(target));

        Assert.True(load.ExitCode == 3, load.ToString());
        var bob = JsonLinesFile.Read(_dir.File("load.log")).Single(e => e["name"]!.ToString() == "bob");
        Assert.Equal("rejected", bob["outcome"]!.ToString());
        Assert.Contains("dataset not-on-the-target is not on the target", bob["error"]!.ToString());
        Assert.Contains("the rest was written: 1 followed", bob["error"]!.ToString());
        Assert.Equal(0, TokensLeft(target));
        Assert.Contains("2 API tokens made, 2 API tokens revoked", load.Stderr);
    }

    [Fact]
    public async Task A_token_the_target_will_not_revoke_is_named_by_its_jti_and_the_load_ends_with_exit_3()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var file = await PreparedAsync(source, target);
        target.Faults.FailingActions.Add("api_token_revoke");

        var load = await CliProcess.RunAsync(Load(target, file), Key(target));

        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Contains("2 API token(s) made and 0 revoked", load.Stderr);
        foreach (var user in new[] { "ann", "bob" })
        {
            var jti = Assert.Single(target.Store.Portal.TokenRows(user))["id"]!.ToString();
            Assert.Contains($"the API token made for user {user} (jti {jti}) could not be revoked", load.Stderr);
        }
        Assert.All(target.Store.Portal.IssuedTokens(), token => Assert.DoesNotContain(token, load.ToString()));
    }

    [Fact]
    public async Task No_token_a_run_makes_is_printed_logged_or_written()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Seed(source);

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "--followers"],
            WholePortal.Keys(source, target));

        Assert.True(run.ExitCode == 0, run.ToString());
        var tokens = target.Store.Portal.IssuedTokens();
        Assert.Equal(2, tokens.Count);
        var written = Directory.GetFiles(_dir.File("work"), "*", SearchOption.AllDirectories).Select(File.ReadAllBytes)
            .Select(b => System.Text.Encoding.UTF8.GetString(b)).ToList();
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, run.ToString());
            Assert.DoesNotContain(written, text => text.Contains(token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_target_before_api_tokens_rejects_every_users_follows_with_that_reason()
    {
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { CkanVersion = "2.8.12" });
        var file = JsonLinesFile.Write(_dir.File("followers.jsonl"),
            [new JsonObject { ["user"] = "ann", ["datasets"] = new JsonArray("maps"), ["users"] = new JsonArray(), ["groups"] = new JsonArray(), ["organizations"] = new JsonArray() }]);

        var load = await CliProcess.RunAsync(Load(target, file), Key(target));

        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Contains("the target has no followers: CKAN 2.8.12 has no API tokens (they came with 2.9), and a user can only follow as themself", load.Stderr);
        Assert.Empty(target.Calls.Writes());
    }

    [Theory]
    [InlineData(FakeCkanOptions.Modern)]  // 409 "You are already following ..."
    [InlineData(FakeCkanOptions.Ckan211)] // 200, the row again
    public async Task Following_again_means_the_follow_is_there_on_either_version(string version)
    {
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { CkanVersion = version });
        Seed.User(target, "ann");
        Seed.Dataset(target, "maps", Seed.Organization(target, "pub")["id"]!.ToString());
        target.Store.Portal.SeedFollower("dataset", "ann", "maps");
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = target.BaseUrl, ApiKey = target.SysadminToken, MaxRetries = 0 });
        var site = await client.ProbeAsync();
        var writer = PortalKinds.Followers.Writer(new PortalTarget(client, site, DryRun: false));
        var record = new JsonObject { ["user"] = "ann", ["datasets"] = new JsonArray("maps"), ["users"] = new JsonArray(), ["groups"] = new JsonArray(), ["organizations"] = new JsonArray() };

        // As if the follow had not been seen (made meanwhile): it is followed again.
        var write = await writer.WriteAsync(record, existing: null, CancellationToken.None);

        Assert.Null(write.Refused);
        Assert.Equal(LoadOutcome.Created, write.Outcome);
        Assert.Single(target.Store.Portal.FollowerRows());
        Assert.Equal(1, target.Calls["follow_dataset"]);
        Assert.Empty(target.Store.Portal.TokenRows("ann"));
        Assert.Empty(writer.Warnings);
    }

    [Fact]
    public async Task A_follow_gone_at_the_source_goes_from_the_target_at_the_next_run()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        WholePortal.Seed(source);
        string[] run = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--followers"];
        Assert.Equal(0, (await CliProcess.RunAsync(run, WholePortal.Keys(source, target))).ExitCode);
        await SiteCalls.CallAsUserAsync(source, "bob", "unfollow_dataset", new JsonObject { ["id"] = "roads" });
        await SiteCalls.CallAsUserAsync(source, "ann", "unfollow_user", new JsonObject { ["id"] = "bob" });

        var again = await CliProcess.RunAsync(run, WholePortal.Keys(source, target));

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Stdout.Contains("| load | followers | 0 created, 2 updated", StringComparison.Ordinal), again.Stdout); // bob's last follow went: an emptied record
        Assert.Equal(3, target.Store.Portal.FollowerRows().Count);
        Assert.Equal(0, TokensLeft(target));
    }
}
