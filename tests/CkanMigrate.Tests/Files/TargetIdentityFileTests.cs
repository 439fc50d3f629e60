using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Files;

/// <summary>
/// Issue #22 §4: what was sent is known by the target's own identity (its site_url), not by the URL
/// that reached it; and a file the target already holds — an upload of the same name, size and
/// last_modified — is not sent again even when this folder has no record of sending it.
/// </summary>
public sealed class TargetIdentityFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly byte[] Data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a,b,c\n1,2,3\n", 5000)));

    private static async Task<FakeCkanServer> SourceAsync()
    {
        var source = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var upload = Seed.DeterministicId("resource", "upload");
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "files"), ["name"] = "files", ["owner_org"] = org,
            ["resources"] = new JsonArray(new JsonObject { ["id"] = upload, ["url"] = "data.csv", ["url_type"] = "upload", ["format"] = "CSV", ["last_modified"] = "2024-03-04T05:06:07" }),
        });
        source.Store.SeedResourceFile(upload, Data);
        return source;
    }

    [Fact]
    public async Task A_second_run_through_another_address_of_the_same_target_sends_no_file_again()
    {
        await using var source = await SourceAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { SiteUrl = "https://data.example.org", AliasPort = true });
        var keys = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        var first = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"], keys);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(Data, target.Store.GetResourceFile(Seed.DeterministicId("resource", "upload")));
        target.Calls.Reset();

        var second = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.AliasUrl!.ToString(), "--work", _dir.File("work"), "-q"], keys);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(0, target.Calls["resource_patch"]);
        Assert.Contains("1 already there", second.Stdout);
    }

    [Fact]
    public async Task A_dataset_this_run_created_gets_its_file_without_asking_the_target_whether_it_holds_it()
    {
        await using var source = await SourceAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var keys = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"], keys);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Data, target.Store.GetResourceFile(Seed.DeterministicId("resource", "upload")));
        Assert.Equal(0, target.Calls["download-head"]); // created just now: it holds no file, so nothing is asked
        Assert.Equal(2, target.Calls["resource_patch"]); // the upload, then the source's last_modified
    }

    [Fact]
    public async Task A_file_the_target_already_holds_is_not_sent_again_without_a_record_of_sending_it()
    {
        await using var source = await SourceAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.Organization(target, "pub");
        var files = _dir.File("files");
        var dumped = _dir.File("datasets.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", source.BaseUrl.ToString(), "-O", dumped, "--files", files, "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken })).ExitCode);
        string[] load = ["load", "datasets", "-I", dumped, "-r", target.BaseUrl.ToString(), "--files", files];
        var key = new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken };
        Assert.Equal(0, (await CliProcess.RunAsync(load, key)).ExitCode);
        File.Delete(Path.Combine(files, "sent.tsv")); // another machine, another work folder: no record of what was sent
        target.Calls.Reset();

        var again = await CliProcess.RunAsync(load, key);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, target.Calls["resource_patch"]);
        Assert.Contains("1 already there", again.Stderr);
        Assert.Contains("site_url", File.ReadAllText(Path.Combine(files, "sent.tsv"))); // known again, by the target's identity
    }
}
