using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Hardening;

/// <summary>Keys come from flags, env or a private file; never appear in any output; never reach another host.</summary>
public sealed class SecretsTests : IDisposable
{
    private const string Key = "k3y-that-must-never-leak-0123456789";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_key_file_readable_by_others_is_refused_and_a_private_one_is_used()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 12);
        var keyFile = _dir.File("key");
        await File.WriteAllTextAsync(keyFile, ckan.SysadminToken + "\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var loose = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "--api-key-file", keyFile, "-q");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var strict = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "--api-key-file", keyFile, "-q");

        Assert.Equal(2, loose.ExitCode);
        Assert.Contains("readable by group or others", loose.Stderr);
        Assert.True(strict.ExitCode == 0, strict.ToString());
        Assert.Equal(12, JsonLinesFile.Parse(strict.Stdout).Count); // the private ones too: the key was used
    }

    [Fact]
    public async Task The_key_is_in_no_log_error_rejects_or_report_of_load_and_run()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        ckan.Store.SeedUser(new JsonObject { ["name"] = "loader", ["sysadmin"] = true, ["email"] = "l@example.org" }, Key);
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [
            new JsonObject { ["name"] = "fine", ["owner_org"] = org },
            new JsonObject { ["name"] = "Bad Name", ["owner_org"] = org },
        ]);
        ckan.Faults.FailAfter("package_create", 1);
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = Key, ["CKAN_TARGET_API_KEY"] = Key };

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.ToString(), "-l", _dir.File("load.log"), "--rejects", _dir.File("rejects.jsonl"), "--retries", "1", "--retry-delay", "0.01"], env);
        var run = await CliProcess.RunAsync(["run", "--from", _dir.Path, "--to", ckan.BaseUrl.ToString(), "--work", _dir.File("work"), "--retries", "0"], env);

        Assert.Equal(3, load.ExitCode); // "Bad Name" rejected with the server's answer: the site still answers
        var outputs = new List<string> { load.Stdout, load.Stderr, run.Stdout, run.Stderr };
        outputs.AddRange(Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.All(outputs, text => Assert.DoesNotContain(Key, text));
    }

    [Fact]
    public async Task A_redirect_to_another_host_drops_the_key_and_a_same_site_redirect_keeps_it()
    {
        await using var moved = await FakeCkanServer.StartAsync();
        await using var elsewhere = await FakeCkanServer.StartAsync();
        var otherHost = new UriBuilder(elsewhere.BaseUrl) { Host = "localhost" }.Uri; // same machine, another origin
        moved.RedirectAllTo = otherHost;
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = moved.BaseUrl, ApiKey = Key, MaxRetries = 0 });

        await client.CallAsync("status_show");

        Assert.Equal(1, elsewhere.Calls["status_show"]);
        Assert.False(elsewhere.LastHeaders.ContainsKey("Authorization"));
        Assert.False(elsewhere.LastHeaders.ContainsKey("X-CKAN-API-Key"));

    }

    [Fact]
    public async Task A_redirect_within_the_same_site_keeps_the_key()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        ckan.RedirectAllTo = ckan.BaseUrl; // /api/3/action/x → /api/action/x on the same origin
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = Key, MaxRetries = 0 });

        await client.CallAsync("status_show");

        Assert.Equal(2, ckan.Calls["status_show"]);
        Assert.Equal(Key, ckan.LastHeaders["Authorization"]);
        Assert.Equal(Key, ckan.LastHeaders["X-CKAN-API-Key"]);
    }

    [Fact]
    public async Task A_redirected_post_keeps_its_method_and_body()
    {
        await using var moved = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(target, 3);
        moved.RedirectAllTo = target.BaseUrl; // same host and scheme, another port: treated as another site
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = moved.BaseUrl, MaxRetries = 0 });

        var result = await client.CallAsync("package_show", new JsonObject { ["id"] = "dataset-000000" });

        Assert.Equal("dataset-000000", result!["name"]!.ToString());
    }

    [Theory]
    [InlineData("http://ckan.example.org/")]
    [InlineData("http://192.0.2.10/")]
    public async Task A_key_over_plain_http_to_another_host_is_refused_before_any_connection(string url)
    {
        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", url, "-q"], new Dictionary<string, string?> { ["CKAN_API_KEY"] = Key });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("refusing to send the API key over plain http", run.Stderr);
        Assert.Contains("--allow-insecure-http", run.Stderr);
    }

    [Fact]
    public async Task Tls_is_verified_unless_insecure_is_given()
    {
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { Https = true });
        Seed.ManyDatasets(ckan, 2);
        Assert.Equal("https", ckan.BaseUrl.Scheme);

        var verified = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "0");
        var insecure = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "0", "--insecure");

        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("is not trusted", verified.Stderr);
        Assert.True(insecure.ExitCode == 0, insecure.ToString());
        Assert.Equal(2, JsonLinesFile.Parse(insecure.Stdout).Count);
    }
}
