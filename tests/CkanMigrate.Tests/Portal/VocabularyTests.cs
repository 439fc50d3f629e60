using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, tag vocabularies: made on the target by name (vocabulary_create refuses an id, so ids
/// differ), and a dataset's vocabulary tags arrive attached to the target's vocabulary of the same
/// name; loading again writes nothing.
/// </summary>
public sealed class VocabularyTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Cli(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync([.. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "1", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    [Fact]
    public async Task Vocabularies_are_made_by_name_and_one_lacking_a_tag_gets_it_keeping_the_targets_own()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        source.Store.Portal.SeedVocabulary("themes", "economy", "health");
        source.Store.Portal.SeedVocabulary("regions", "north", "south");
        target.Store.Portal.SeedVocabulary("regions", "north", "east");
        var file = _dir.File("vocabularies.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "vocabularies", "--all", "-O", file)).ExitCode);

        var load = await Cli(target, "load", "vocabularies", "-I", file, "-l", _dir.File("load.log"));
        target.Calls.Reset();
        var again = await Cli(target, "load", "vocabularies", "-I", file);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("1 created, 1 updated", load.Stderr);
        var vocabularies = target.Store.Portal.VocabularyList().ToDictionary(v => v["name"]!.ToString(), v => v["tags"]!.AsArray().Select(t => t!["name"]!.ToString()).Order().ToList());
        Assert.Equal(["economy", "health"], vocabularies["themes"]);
        Assert.Equal(["east", "north", "south"], vocabularies["regions"]);
        Assert.Contains("kept 1 tag(s) the source's vocabulary does not have (east)", File.ReadAllText(_dir.File("load.log")));
        Assert.Contains("2 unchanged", again.Stderr);
        Assert.Equal(0, target.Calls["vocabulary_create"] + target.Calls["vocabulary_update"]);
    }

    [Fact]
    public async Task A_datasets_vocabulary_tags_arrive_in_the_targets_vocabulary_of_that_name_and_load_again_unchanged()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        target.Store.Portal.SeedVocabulary("unrelated"); // so the two sites' ids cannot line up by chance
        var themes = source.Store.Portal.SeedVocabulary("themes", "economy", "health")["id"]!.ToString();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Organization(target, "pub");
        PortalSample.Dataset(source, "maps", org, new JsonArray(
            new JsonObject { ["name"] = "economy", ["vocabulary_id"] = themes },
            new JsonObject { ["name"] = "free-tag" }));
        var vocabularies = _dir.File("vocabularies.jsonl");
        var datasets = _dir.File("datasets.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "vocabularies", "--all", "-O", vocabularies)).ExitCode);
        Assert.Equal(0, (await Cli(source, "dump", "datasets", "--all", "-O", datasets)).ExitCode);
        Assert.Equal(0, (await Cli(target, "load", "vocabularies", "-I", vocabularies)).ExitCode);

        var load = await Cli(target, "load", "datasets", "-I", datasets, "--vocabularies", vocabularies);
        target.Calls.Reset();
        var again = await Cli(target, "load", "datasets", "-I", datasets, "--vocabularies", vocabularies);

        Assert.True(load.ExitCode == 0, load.ToString());
        var targetThemes = target.Store.Portal.VocabularyList().Single(v => v["name"]!.ToString() == "themes")["id"]!.ToString();
        Assert.NotEqual(themes, targetThemes);
        var tags = target.Store.GetDataset("maps")!["tags"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(targetThemes, tags.Single(t => t["name"]!.ToString() == "economy")["vocabulary_id"]!.ToString());
        Assert.Null(tags.Single(t => t["name"]!.ToString() == "free-tag")["vocabulary_id"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("1 unchanged", again.Stderr);
        Assert.Equal(0, target.Calls["package_update"] + target.Calls["package_create"]);
    }

    [Fact]
    public async Task A_vocabulary_tag_whose_vocabulary_is_not_on_the_target_is_rejected_naming_it()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var themes = source.Store.Portal.SeedVocabulary("themes", "economy")["id"]!.ToString();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Organization(target, "pub");
        PortalSample.Dataset(source, "maps", org, new JsonArray(new JsonObject { ["name"] = "economy", ["vocabulary_id"] = themes }));
        var vocabularies = _dir.File("vocabularies.jsonl");
        var datasets = _dir.File("datasets.jsonl");
        Assert.Equal(0, (await Cli(source, "dump", "vocabularies", "--all", "-O", vocabularies)).ExitCode);
        Assert.Equal(0, (await Cli(source, "dump", "datasets", "--all", "-O", datasets)).ExitCode);

        var load = await Cli(target, "load", "datasets", "-I", datasets, "--vocabularies", vocabularies);

        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Contains("tag 'economy' is in vocabulary 'themes', which is not on the target: load vocabularies first", load.Stderr);
        Assert.Equal(0, target.Calls["package_create"]);
    }
}
