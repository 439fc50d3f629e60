using System.Text;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §2: a file of another kind than the command names is refused with one line, from its
/// first records' shape, before anything is written or sent; --force overrides.
/// </summary>
public sealed class WrongKindTests
{
    private static string Sample(string name) => Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", name);

    [Theory]
    [InlineData("users.jsonl", EntityKind.Users)]
    [InlineData("organizations.jsonl", EntityKind.Organizations)]
    [InlineData("datasets.jsonl", EntityKind.Datasets)]
    [InlineData("harvest-sources.jsonl", EntityKind.HarvestSources)]
    public void Every_record_of_the_legacy_samples_shows_its_own_kind(string file, EntityKind kind)
    {
        foreach (var line in File.ReadLines(Sample(file)))
            Assert.Equal(kind, RecordShape.Guess(JsonNode.Parse(line)!.AsObject())?.Kind);
    }

    [Fact]
    public void Ckan_2_10_dicts_show_their_kind_and_a_bare_record_shows_none()
    {
        Assert.Equal(EntityKind.Users, RecordShape.Guess(Obj("""{"name":"jo","fullname":"Jo","sysadmin":false,"state":"active"}"""))?.Kind);
        Assert.Equal(EntityKind.Organizations, RecordShape.Guess(Obj("""{"name":"o","is_organization":true,"type":"organization","users":[]}"""))?.Kind);
        Assert.Equal(EntityKind.Groups, RecordShape.Guess(Obj("""{"name":"g","is_organization":false,"type":"group","package_count":3}"""))?.Kind);
        Assert.Equal(EntityKind.Datasets, RecordShape.Guess(Obj("""{"name":"d","type":"dataset","owner_org":"x","resources":[]}"""))?.Kind);
        Assert.Equal(EntityKind.HarvestSources, RecordShape.Guess(Obj("""{"name":"h","type":"harvest","source_type":"ckan","url":"https://x","owner_org":"x","resources":[]}"""))?.Kind);
        Assert.Null(RecordShape.Guess(Obj("""{"name":"x","title":"X"}""")));
    }

    [Fact]
    public async Task Load_users_given_an_organizations_file_is_refused_before_the_site_is_asked()
    {
        await using var ckan = await FakeCkanServer.StartAsync();

        var run = await CliProcess.RunAsync("load", "users", "-I", Sample("organizations.jsonl"), "-r", ckan.BaseUrl.AbsoluteUri, "-a", ckan.SysadminToken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("organizations.jsonl line 1 looks like an organization (it has is_organization true), not a user: give the kind the file holds, or --force", run.Stderr);
        Assert.Equal(0, ckan.RequestsSeen);
    }

    [Fact]
    public async Task A_wrong_kind_on_stdin_is_refused_before_anything_is_written()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var users = await File.ReadAllBytesAsync(Sample("users.jsonl"));

        var run = await CliProcess.RunAsync(["load", "datasets", "-r", ckan.BaseUrl.AbsoluteUri, "-a", ckan.SysadminToken], stdin: users);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stdin line 1 looks like a user (it has sysadmin, password_hash), not a dataset", run.Stderr);
        Assert.Equal(0, ckan.Calls["package_create"] + ckan.Calls["package_update"] + ckan.Calls["package_search"]);
    }

    [Fact]
    public async Task Convert_datasets_given_a_users_file_writes_nothing_and_force_goes_on()
    {
        using var temp = new TempFolder();
        var output = temp.File("datasets.jsonl");

        var refused = await CliProcess.RunAsync("convert", "datasets", "-I", Sample("users.jsonl"), "-O", output);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("users.jsonl line 1 looks like a user", refused.Stderr);
        Assert.Empty(Directory.GetFiles(temp.Path));

        var forced = await CliProcess.RunAsync("convert", "datasets", "-I", Sample("users.jsonl"), "-O", output, "--force", "-q");
        Assert.NotEqual(2, forced.ExitCode);
        Assert.True(File.Exists(output), forced.ToString());
    }

    [Fact]
    public async Task Convert_users_with_the_two_files_swapped_is_refused()
    {
        using var temp = new TempFolder();

        var run = await CliProcess.RunAsync("convert", "users", "-I", Sample("organizations.jsonl"), "--organizations", Sample("users.jsonl"),
            "--drupal-users", Sample("drupal_users.csv"), "-O", temp.File("u.jsonl"), "--organizations-out", temp.File("o.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("organizations.jsonl line 1 looks like an organization", run.Stderr);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
