using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Safety;

/// <summary>
/// Issue #22 §1: a work folder belongs to one source/target pair. Reused for another pair — the
/// mistake that once reported a target's 40,000 datasets "gone" and deleted 34,000 of them — it is
/// refused before anything is written, in the folder or on the target.
/// </summary>
public sealed class WorkFolderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string?> Keys(FakeCkanServer? source, FakeCkanServer target) =>
        new() { ["CKAN_SOURCE_API_KEY"] = source?.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

    private static Task<CliResult> Run(string from, FakeCkanServer? source, FakeCkanServer target, string? work, string? cwd = null, params string[] more)
    {
        string[] workArgs = work is null ? [] : ["--work", work];
        return CliProcess.RunAsync(["run", "--from", from, "--to", target.BaseUrl.ToString(), .. workArgs, "-q", "--retries", "1", "--retry-delay", "0.01", .. more],
            Keys(source, target), workingDirectory: cwd);
    }

    private static async Task<FakeCkanServer> SourceAsync(params string[] datasets)
    {
        var source = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in datasets) Seed.Dataset(source, name, org);
        return source;
    }

    /// <summary>Every file under a folder with a digest of its bytes: what "nothing changed" is checked against.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static long Writes(FakeCkanServer ckan) =>
        new[] { "package_create", "package_update", "package_patch", "package_delete", "organization_create", "organization_patch", "user_create", "user_update" }
            .Sum(a => (long)ckan.Calls[a]);

    [Fact]
    public async Task A_work_folder_reused_with_a_folder_of_another_portal_is_refused_and_nothing_is_deleted_or_changed()
    {
        await using var source = await SourceAsync("ds-a", "ds-b", "ds-c");
        await using var target = await FakeCkanServer.StartAsync();
        var work = _dir.File("work");
        var first = await Run(source.BaseUrl.ToString(), source, target, work, null, "--since", "auto");
        Assert.True(first.ExitCode == 0, first.ToString());
        var other = Directory.CreateDirectory(_dir.File("other-portal")).FullName;
        JsonLinesFile.Write(Path.Combine(other, "organizations.jsonl"), [new JsonObject { ["id"] = Seed.DeterministicId("org", "pub"), ["name"] = "pub", ["title"] = "Pub" }]);
        JsonLinesFile.Write(Path.Combine(other, "datasets.jsonl"), [new JsonObject { ["id"] = Seed.DeterministicId("dataset", "elsewhere"), ["name"] = "elsewhere", ["owner_org"] = "pub" }]);
        var before = Snapshot(work);
        var writesBefore = Writes(target);

        var reused = await Run(other, null, target, work, null, "--since", "auto", "--propagate-deletes");

        Assert.True(reused.ExitCode == 2, reused.ToString());
        var message = reused.Stderr.Trim();
        Assert.Single(message.Split('\n'));
        Assert.Contains(source.BaseUrl.ToString().TrimEnd('/'), message);
        Assert.Contains(other, message);
        Assert.Contains("--work", message);
        Assert.Equal(before, Snapshot(work));
        Assert.Equal(writesBefore, Writes(target));
        foreach (var name in new[] { "ds-a", "ds-b", "ds-c" }) Assert.Equal("active", target.Store.GetDataset(name)!["state"]!.ToString());
    }

    [Fact]
    public async Task A_work_folder_is_refused_for_another_target_site()
    {
        await using var source = await SourceAsync("ds-a");
        await using var target = await FakeCkanServer.StartAsync();
        await using var other = await FakeCkanServer.StartAsync();
        var work = _dir.File("work");
        Assert.Equal(0, (await Run(source.BaseUrl.ToString(), source, target, work)).ExitCode);

        var wrong = await Run(source.BaseUrl.ToString(), source, other, work);

        Assert.True(wrong.ExitCode == 2, wrong.ToString());
        Assert.Contains(other.BaseUrl.ToString().TrimEnd('/'), wrong.Stderr);
        Assert.Null(other.Store.GetDataset("ds-a"));
    }

    [Fact]
    public async Task The_same_target_reached_through_another_address_is_the_same_pair()
    {
        await using var source = await SourceAsync("ds-a", "ds-b");
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { SiteUrl = "https://data.example.org", AliasPort = true });
        var work = _dir.File("work");
        Assert.Equal(0, (await Run(source.BaseUrl.ToString(), source, target, work)).ExitCode);

        var throughAlias = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.AliasUrl!.ToString(), "--work", work, "-q"],
            Keys(source, target));

        Assert.True(throughAlias.ExitCode == 0, throughAlias.ToString());
        Assert.Contains("| load | datasets | 0 created, 2 unchanged", throughAlias.Stdout);
    }

    [Fact]
    public async Task Without_work_each_pair_gets_its_own_folder_named_after_it()
    {
        await using var first = await SourceAsync("ds-a");
        await using var second = await SourceAsync("ds-b");
        await using var target = await FakeCkanServer.StartAsync();
        var cwd = Directory.CreateDirectory(_dir.File("cwd")).FullName;

        var one = await Run(first.BaseUrl.ToString(), first, target, null, cwd);
        var two = await Run(second.BaseUrl.ToString(), second, target, null, cwd);

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.True(two.ExitCode == 0, two.ToString());
        var folders = Directory.GetDirectories(Path.Combine(cwd, "ckan-migrate-work"));
        Assert.Equal(2, folders.Length);
        Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(f, "pair.json"))));
        Assert.All(folders, f => Assert.Contains("127.0.0.1", Path.GetFileName(f)));
    }

    [Fact]
    public async Task A_work_folder_of_an_earlier_version_is_used_only_for_the_pair_its_report_names()
    {
        await using var source = await SourceAsync("ds-a");
        await using var target = await FakeCkanServer.StartAsync();
        var legacy = Directory.CreateDirectory(_dir.File("legacy")).FullName;
        File.WriteAllText(Path.Combine(legacy, "source-datasets.tsv"), $"{Seed.DeterministicId("dataset", "old")}\tpublic/active\told\n");
        File.WriteAllText(Path.Combine(legacy, "report.md"), "# ckan-migrate run report\n\n- from: `https://old.example.org/`\n- to: `" + target.BaseUrl + "`\n- profile: `none`; since: `auto`\n");
        var before = Snapshot(legacy);

        var other = await Run(source.BaseUrl.ToString(), source, target, legacy);
        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.Contains("https://old.example.org", other.Stderr);
        Assert.Equal(before, Snapshot(legacy));

        File.WriteAllText(Path.Combine(legacy, "report.md"), "# ckan-migrate run report\n\n- from: `" + source.BaseUrl + "`\n- to: `" + target.BaseUrl + "`\n- profile: `none`; since: `auto`\n");
        var same = await Run(source.BaseUrl.ToString(), source, target, legacy);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.True(File.Exists(Path.Combine(legacy, "pair.json")));
    }

    [Fact]
    public async Task A_folder_with_other_files_is_not_taken_as_a_work_folder()
    {
        await using var source = await SourceAsync("ds-a");
        await using var target = await FakeCkanServer.StartAsync();
        var home = Directory.CreateDirectory(_dir.File("home")).FullName;
        File.WriteAllText(Path.Combine(home, "notes.txt"), "mine");

        var run = await Run(source.BaseUrl.ToString(), source, target, home);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(home).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Verify_refuses_the_work_folder_of_another_pair()
    {
        await using var source = await SourceAsync("ds-a");
        await using var target = await FakeCkanServer.StartAsync();
        await using var other = await SourceAsync("ds-z");
        var work = _dir.File("work");
        Assert.Equal(0, (await Run(source.BaseUrl.ToString(), source, target, work)).ExitCode);
        var before = Snapshot(work);

        var verify = await CliProcess.RunAsync(["verify", "--from", other.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", work, "-q"], Keys(other, target));

        Assert.True(verify.ExitCode == 2, verify.ToString());
        Assert.Equal(before, Snapshot(work));
    }
}
