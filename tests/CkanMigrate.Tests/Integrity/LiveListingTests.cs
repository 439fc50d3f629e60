using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Integrity;

/// <summary>Issue #10 §3: a dump of a live source never skips a dataset that was there all along.</summary>
public sealed class LiveListingTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> DumpDatasets(FakeCkanServer source, string output) =>
        CliProcess.RunAsync(["dump", "datasets", "--all", "-r", source.BaseUrl.ToString(), "-O", output, "-q", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken });

    /// <summary>Thirty public datasets in one organization; the site returns at most <paramref name="rowsMax"/> rows per page.</summary>
    private static async Task<FakeCkanServer> StartAsync(int rowsMax)
    {
        var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { RowsMax = rowsMax });
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        for (var i = 0; i < 30; i++) Seed.Dataset(source, $"ds-{i:D2}", org);
        return source;
    }

    private static List<string> Ids(FakeCkanServer ckan, IEnumerable<string> names) => names.Select(n => ckan.Store.GetDataset(n)!["id"]!.ToString()).ToList();

    [Fact]
    public async Task A_dataset_deleted_on_an_earlier_page_mid_dump_makes_no_later_one_go_missing()
    {
        await using var source = await StartAsync(rowsMax: 10);
        var byId = Ids(source, Enumerable.Range(0, 30).Select(i => $"ds-{i:D2}")).Order(StringComparer.Ordinal).ToList();
        var victim = byId[3]; // on the first page in id order
        source.Faults.ChangeAfter("package_search", 1, () => source.Store.DeleteDataset(victim));

        var result = await DumpDatasets(source, _dir.File("datasets.jsonl"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var dumped = JsonLinesFile.Read(_dir.File("datasets.jsonl")).Select(d => d["id"]!.ToString()).ToHashSet();
        // Every dataset that was live throughout is there; the one deleted after its page was read is too.
        Assert.DoesNotContain(byId, id => id != victim && !dumped.Contains(id));
        Assert.Equal(30, dumped.Count);
    }

    [Fact]
    public async Task A_site_capping_rows_below_the_page_size_still_gives_every_dataset()
    {
        await using var source = await StartAsync(rowsMax: 7);

        var result = await DumpDatasets(source, _dir.File("datasets.jsonl"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(30, JsonLinesFile.Read(_dir.File("datasets.jsonl")).Select(d => d["id"]!.ToString()).Distinct().Count());
        Assert.Equal(5, source.Calls["package_search"]); // 7+7+7+7+2: no extra empty page
    }

    [Fact]
    public async Task A_dataset_the_search_index_has_not_caught_up_with_is_read_from_the_database()
    {
        await using var source = await StartAsync(rowsMax: 1000);
        source.Store.PauseIndexing(); // Solr behind: the next dataset reaches the database only
        var late = Seed.Dataset(source, "ds-late", source.Store.GetGroup("pub")!["id"]!.ToString());

        var result = await DumpDatasets(source, _dir.File("datasets.jsonl"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var dumped = JsonLinesFile.Read(_dir.File("datasets.jsonl"));
        Assert.Equal(31, dumped.Count);
        Assert.Contains(dumped, d => d["id"]!.ToString() == late["id"]!.ToString());
        Assert.Contains("not returned by package_search", result.Stderr);
    }

    [Fact]
    public async Task A_dump_that_cannot_be_checked_against_the_database_says_so_and_exits_3()
    {
        await using var source = await StartAsync(rowsMax: 1000);
        source.Faults.DeniedActions.Add("package_list"); // some portals close it

        var result = await DumpDatasets(source, _dir.File("datasets.jsonl"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("completeness not proven", result.Stderr);
        Assert.Equal(30, JsonLinesFile.Read(_dir.File("datasets.jsonl")).Count); // what was read is still written
    }
}
