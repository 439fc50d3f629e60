using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Load;

/// <summary>dump from one FakeCkan, load into another: the files flow, and a second load changes nothing.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Run(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync([.. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    [Fact]
    public async Task A_legacy_portal_dumped_and_loaded_into_a_modern_one_arrives_whole_and_reloads_unchanged()
    {
        await using var source = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode());
        Seed.User(source, "editor-1");
        Seed.User(target, "editor-1"); // users move with the DGU profile; here they already exist
        Seed.ManyDatasets(source, 40, organizations: 4);
        source.Store.EditGroup("org-000", g => ((JsonArray)g["members"]!).Add(new JsonObject { ["user_id"] = source.Store.GetUser("editor-1")!["id"]!.ToString(), ["capacity"] = "editor" }));
        var orgs = _dir.File("orgs.jsonl");
        var datasets = _dir.File("datasets.jsonl.gz");

        Assert.Equal(0, (await Run(source, "dump", "organizations", "--all", "-O", orgs)).ExitCode);
        Assert.Equal(0, (await Run(source, "dump", "datasets", "--all", "-O", datasets)).ExitCode);
        var loadOrgs = await Run(target, "load", "organizations", "-I", orgs);
        var loadDatasets = await Run(target, "load", "datasets", "-I", datasets);

        Assert.True(loadOrgs.ExitCode == 0, loadOrgs.ToString());
        Assert.True(loadDatasets.ExitCode == 0, loadDatasets.ToString());
        Assert.Contains("4 created", loadOrgs.Stderr);
        Assert.Contains($"{source.Store.DatasetCount} created", loadDatasets.Stderr);
        var sample = source.Store.GetDataset("dataset-000003")!;
        var arrived = target.Store.GetDataset("dataset-000003")!;
        Assert.Equal(sample["id"]!.ToString(), arrived["id"]!.ToString());
        Assert.True(arrived["private"]!.GetValue<bool>());
        Assert.Equal(sample["owner_org"]!.ToString(), arrived["owner_org"]!.ToString());
        Assert.Equal("https://example.org/dataset-000003.csv", arrived["resources"]![0]!["url"]!.ToString());
        var editor = target.Store.GetUser("editor-1")!["id"]!.ToString();
        Assert.Contains(((JsonArray)target.Store.GetGroup("org-000")!["members"]!).OfType<JsonObject>(),
            m => m["user_id"]!.ToString() == editor && m["capacity"]!.ToString() == "editor");

        target.Calls.Reset();
        var again = await Run(target, "load", "datasets", "-I", datasets);
        var orgsAgain = await Run(target, "load", "organizations", "-I", orgs);
        Assert.Contains($"{source.Store.DatasetCount} unchanged", again.Stderr);
        Assert.Contains("4 unchanged", orgsAgain.Stderr);
        Assert.Equal(0, target.Calls["package_update"] + target.Calls["package_create"] + target.Calls["organization_patch"]);
    }

    [Fact]
    public async Task Files_written_by_ckanapi_dump_load_as_they_are()
    {
        await using var target = await FakeCkanServer.StartAsync();
        // As `ckanapi dump` writes them: compact, keys sorted, every server field of a 2.8 site left in.
        var orgLine = """{"approval_status":"approved","created":"2019-03-01T10:00:00.000000","description":"","display_name":"Ckanapi Org","extras":[],"groups":[],"id":"5b1c0b2e-2a4f-4d87-9b7e-3c7f0c8f1a01","image_display_url":"","image_url":"","is_organization":true,"name":"ckanapi-org","num_followers":0,"package_count":1,"revision_id":"0d3f","state":"active","tags":[],"title":"Ckanapi Org","type":"organization","users":[]}""";
        var datasetLine = """{"author":null,"author_email":null,"creator_user_id":"a1","extras":[{"key":"spatial","value":"UK"}],"groups":[],"id":"7d1f9a34-1111-4c3e-9c59-7e1b7b7f0a02","isopen":true,"license_id":"cc-by","license_title":"Creative Commons Attribution","maintainer":null,"maintainer_email":null,"metadata_created":"2019-03-01T10:00:01.000000","metadata_modified":"2019-03-02T10:00:01.000000","name":"ckanapi-dataset","notes":"From ckanapi","num_resources":1,"num_tags":1,"organization":{"id":"5b1c0b2e-2a4f-4d87-9b7e-3c7f0c8f1a01","name":"ckanapi-org","title":"Ckanapi Org"},"owner_org":"5b1c0b2e-2a4f-4d87-9b7e-3c7f0c8f1a01","private":false,"relationships_as_object":[],"relationships_as_subject":[],"resources":[{"cache_last_updated":null,"cache_url":null,"created":"2019-03-01T10:00:01.000000","description":"","format":"CSV","hash":"","id":"0a7c3d1e-2222-4f3e-8c1a-9d2e3f4a5b06","last_modified":null,"mimetype":null,"mimetype_inner":null,"name":"data","package_id":"7d1f9a34-1111-4c3e-9c59-7e1b7b7f0a02","position":0,"resource_type":null,"revision_id":"0d3f","size":null,"state":"active","url":"https://example.org/data.csv","url_type":null}],"revision_id":"0d3f","state":"active","tags":[{"display_name":"maps","id":"t1","name":"maps","state":"active","vocabulary_id":null}],"title":"Ckanapi Dataset","tracking_summary":{"recent":0,"total":0},"type":"dataset","url":"","version":null}""";
        var orgs = _dir.File("orgs.jsonl");
        var datasets = _dir.File("datasets.jsonl");
        File.WriteAllText(orgs, orgLine + "\n");
        File.WriteAllText(datasets, datasetLine + "\n");

        var o = await Run(target, "load", "organizations", "-I", orgs);
        var d = await Run(target, "load", "datasets", "-I", datasets);
        var d2 = await Run(target, "load", "datasets", "-I", datasets);

        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.True(d.ExitCode == 0, d.ToString());
        Assert.Contains("1 created", d.Stderr);
        Assert.Contains("1 unchanged", d2.Stderr);
        var loaded = target.Store.GetDataset("ckanapi-dataset")!;
        Assert.Equal("0a7c3d1e-2222-4f3e-8c1a-9d2e3f4a5b06", loaded["resources"]![0]!["id"]!.ToString());
        Assert.Null(loaded["revision_id"]);
        Assert.Null(loaded["tracking_summary"]);
    }

    [SharedFact]
    public async Task A_legacy_dgu_dataset_loaded_without_its_profile_is_rejected_with_ckans_reason()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var legacy = (JsonObject)JsonNode.Parse(File.ReadAllText(SharedFiles.Path("fixtures", "dgu", "legacy-api", "package_show_create.json")))!["result"]!;
        target.Store.SeedGroup(new JsonObject { ["id"] = legacy["owner_org"]!.ToString(), ["name"] = "city-of-york-council" }, organization: true);
        var input = JsonLinesFile.Write(_dir.File("dgu.jsonl"), [legacy]);
        var log = _dir.File("dgu.log");

        var run = await Run(target, "load", "datasets", "-I", input, "-l", log);

        Assert.Equal(3, run.ExitCode);
        var error = JsonLinesFile.Read(log)[0]["error"]!.ToString();
        Assert.Contains("__junk", error);
        Assert.Contains("individual_resources", error);
    }
}
