using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24: showcases are datasets of type showcase to CKAN (package_list and package_show give
/// them, package_search leaves them out), but they are their own kind here: the datasets dump, its
/// completeness pass and an incremental listing neither move them as datasets nor read them again
/// and again, and the datasets a run remembers (for deletes) never count them.
/// </summary>
public sealed class ShowcaseNotADatasetTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void Portal(FakeCkanServer source)
    {
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Dataset(source, "maps", org);
        Seed.Dataset(source, "roads", org);
        source.Store.Portal.SeedShowcase(new JsonObject { ["name"] = "map-app", ["title"] = "Map app", ["image_url"] = "https://example.org/app.png" });
    }

    [Fact]
    public async Task The_datasets_dump_leaves_showcases_out_though_package_list_names_them()
    {
        await using var source = await FakeCkanServer.StartAsync();
        Portal(source);
        var output = _dir.File("datasets.jsonl");

        var dump = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", output, "-q");

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(["maps", "roads"], JsonLinesFile.Read(output).Select(d => d["name"]!.ToString()).Order());
        Assert.Equal(0, source.Calls["package_show"]); // nor read one by one as a dataset the search missed
        Assert.DoesNotContain("listed by the database but not returned by package_search", dump.Stderr);
    }

    [Fact]
    public async Task The_show_way_of_dumping_datasets_leaves_showcases_out_too()
    {
        await using var source = await FakeCkanServer.StartAsync();
        Portal(source);
        var output = _dir.File("datasets.jsonl");

        var dump = await CliProcess.RunAsync("dump", "datasets", "--all", "--via", "show", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", output, "-q");

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(["maps", "roads"], JsonLinesFile.Read(output).Select(d => d["name"]!.ToString()).Order());
    }

    [Fact]
    public async Task An_incremental_run_neither_reads_a_showcase_as_a_dataset_nor_counts_it_among_the_datasets()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Portal(source);
        string[] run = ["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", _dir.File("work"), "-q", "--since", "auto"];
        var keys = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        var first = await CliProcess.RunAsync(run, keys);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.DoesNotContain("map-app", File.ReadAllText(_dir.File("work/4-load/datasets.log")));
        source.Calls.Reset();

        var again = await CliProcess.RunAsync(run, keys);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, source.Calls["package_show"]);
        Assert.Empty(JsonLinesFile.Read(_dir.File("work/1-dump/datasets.jsonl")));
        Assert.DoesNotContain("map-app", File.ReadAllText(_dir.File("work/1-dump/datasets.listing.jsonl")));
        Assert.DoesNotContain("map-app", File.ReadAllText(_dir.File("work/4-load/datasets.log"))); // never loaded as a dataset
    }

    [Fact]
    public async Task An_incremental_run_does_not_read_a_harvest_source_again_as_a_dataset_either()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Dataset(source, "maps", org);
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "catalog"), ["name"] = "catalog", ["title"] = "A harvest source", ["type"] = "harvest",
            ["url"] = "https://example.org/catalog", ["source_type"] = "ckan", ["frequency"] = "MANUAL", ["owner_org"] = org,
        });
        string[] run = ["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", _dir.File("work"), "-q", "--since", "auto"];
        var keys = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        var first = await CliProcess.RunAsync(run, keys);
        Assert.True(first.ExitCode == 0, first.ToString());
        source.Calls.Reset();

        var again = await CliProcess.RunAsync(run, keys);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, source.Calls["package_show"]);
        Assert.DoesNotContain("catalog", File.ReadAllText(_dir.File("work/1-dump/datasets.listing.jsonl")));
    }
}
