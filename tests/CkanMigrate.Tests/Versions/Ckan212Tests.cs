using CkanMigrate.Entities;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.DataStore;
using CkanMigrate.Pipeline;
using CkanMigrate.Reporting;
using CkanMigrate.Tests.DataStore;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Versions;

/// <summary>
/// Issue #25 §5: ready for CKAN 2.12. A target that keeps a sysadmin's metadata_modified (learnt from
/// the answer to a write the run makes anyway, not from its version) gets the source's, also on
/// datasets whose uploads and DataStore tables stamp the time, and the report says so; a target that
/// does not says its timestamps are its own. A 2.12 DataStore is read by next_page.
/// </summary>
public sealed class Ckan212Tests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Old = "2020-01-02T03:04:05.123456";
    private static readonly string UploadId = Seed.DeterministicId("resource", "stamped-upload");
    private static readonly string TableId = Seed.DeterministicId("resource", "stamped-table");

    private static async Task SeedAsync(FakeCkanServer source)
    {
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "plain"), ["name"] = "plain", ["owner_org"] = org, ["metadata_modified"] = Old,
            ["resources"] = new JsonArray(new JsonObject { ["id"] = Seed.DeterministicId("resource", "plain"), ["url"] = "https://example.org/p.csv", ["format"] = "CSV" }),
        });
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "with-upload"), ["name"] = "with-upload", ["owner_org"] = org, ["metadata_modified"] = Old,
            ["resources"] = new JsonArray(new JsonObject { ["id"] = UploadId, ["url"] = "f.csv", ["url_type"] = "upload", ["format"] = "CSV", ["last_modified"] = "2024-03-04T05:06:07" }),
        });
        source.Store.SeedResourceFile(UploadId, "a,b\n1,2\n"u8.ToArray());
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "with-table"), ["name"] = "with-table", ["owner_org"] = org, ["metadata_modified"] = Old,
            ["resources"] = new JsonArray(new JsonObject { ["id"] = TableId, ["url"] = "https://example.org/t.csv", ["format"] = "CSV" }),
        });
        await DataStoreFixture.TypedTableAsync(source, TableId, 12);
    }

    private RunOptions Options(FakeCkanServer source, FakeCkanServer target, string work) => SiteRun.Options(source, target, _dir.File(work));

    [Fact]
    public async Task A_target_that_keeps_metadata_modified_gets_the_sources_and_the_report_says_so()
    {
        await using var source = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan212Mode());
        await SeedAsync(source);

        var run = await new MigrationRun(Options(source, target, "work")).RunAsync();

        Assert.True(run.Clean, File.ReadAllText(run.ReportPath));
        foreach (var name in new[] { "plain", "with-upload", "with-table" })
            Assert.True(Old == target.Store.GetDataset(name)!["metadata_modified"]!.ToString(), $"{name}: {target.Store.GetDataset(name)!["metadata_modified"]}");
        Assert.Equal(12, target.Store.TableRows(TableId)!.Count);
        Assert.Contains("- metadata_modified: kept as the source has it", File.ReadAllText(run.ReportPath));
        var verified = await new Verifier(Options(source, target, "verify") with { Files = true, DataStore = true }).VerifyAsync();
        Assert.True(verified.All(k => k.Clean), Verifier.Markdown(Options(source, target, "verify"), verified));

        target.Calls.Reset();
        var again = await new MigrationRun(Options(source, target, "work")).RunAsync();
        Assert.True(again.Clean, File.ReadAllText(again.ReportPath));
        Assert.Empty(target.Calls.Writes());
    }

    [Fact]
    public async Task A_target_that_sets_its_own_times_is_said_to()
    {
        await using var source = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        await SeedAsync(source);

        var run = await new MigrationRun(Options(source, target, "work")).RunAsync();

        Assert.True(run.Clean, File.ReadAllText(run.ReportPath));
        Assert.NotEqual(Old, target.Store.GetDataset("plain")!["metadata_modified"]!.ToString());
        Assert.Contains("- metadata_modified: the target's own", File.ReadAllText(run.ReportPath));
    }

    [Fact]
    public async Task A_212_DataStore_is_read_by_next_page_and_an_older_one_by_offset_with_the_same_rows()
    {
        await using var keyset = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan212Mode());
        await using var offset = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        var dumped = new List<string>();
        foreach (var source in new[] { keyset, offset })
        {
            var org = Seed.Organization(source, "pub")["id"]!.ToString();
            var table = DataStoreFixture.Dataset(source, org, "rows");
            await DataStoreFixture.TypedTableAsync(source, table, 35);
            var folder = new DataStoreFolder(_dir.File($"tables-{source.Options.CkanVersion}"));
            using var client = DataStoreFixture.Client(source);
            await using var log = RecordLog.None;
            var summary = await new DataStoreDumper(client, folder, parallel: 1, pageSize: 10)
                .DumpAsync(new[] { new TableRef(table, null, "rows", 0) }.ToAsyncEnumerable(), log, new ProgressCounter("t"), new ProgressCounter("r"), default);
            Assert.Equal("1 dumped (35 rows)", summary.Describe());
            dumped.Add(File.ReadAllText(folder.RowsPath(table)));
        }

        Assert.Equal(dumped[0], dumped[1]);
        Assert.Equal(3, keyset.Store.KeysetPages); // pages 2 to 4, each from the previous answer's next_page (the CSV of numerics asks the same way)
        Assert.Equal(0, offset.Store.KeysetPages);
    }
}
