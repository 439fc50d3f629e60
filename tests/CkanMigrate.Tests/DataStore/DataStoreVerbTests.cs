using System.Text.Json.Nodes;
using CkanMigrate.DataStore;
using CkanMigrate.Reporting;
using CkanMigrate.Tests.Support;
using FakeCkan;
using static CkanMigrate.Tests.DataStore.DataStoreFixture;

namespace CkanMigrate.Tests.DataStore;

/// <summary>Issue #14: <c>dump datastore</c> and <c>load datastore</c>, paging, resuming and refusals.</summary>
public sealed class DataStoreVerbTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string?> Key(FakeCkanServer ckan) => new() { ["CKAN_API_KEY"] = ckan.SysadminToken };

    [Fact]
    public async Task Dump_then_load_moves_the_tables_a_datasets_dump_names_with_progress_for_tables_and_rows()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Organization(target, "pub");
        var table = Dataset(source, org, "tables");
        Dataset(source, org, "no-table");
        await TypedTableAsync(source, table, 40);
        string[] retries = ["--retries", "1", "--retry-delay", "0.01"];

        var datasets = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", source.BaseUrl.ToString(), "-O", _dir.File("datasets.jsonl"), "-q", .. retries], Key(source));
        Assert.Equal(0, datasets.ExitCode);
        var progress = new Dictionary<string, string?>(Key(source)) { ["CKAN_MIGRATE_PROGRESS_SECONDS"] = "0.05" };
        var dump = await CliProcess.RunAsync(["dump", "datastore", "-I", _dir.File("datasets.jsonl"), "-r", source.BaseUrl.ToString(), "-O", _dir.File("tables"), .. retries], progress);
        Assert.True(dump.ExitCode == 0, dump.Stderr);
        Assert.Contains("dump datastore tables", dump.Stderr);
        Assert.Contains("dump datastore rows", dump.Stderr);
        Assert.Contains("dump datastore: 1 dumped (40 rows)", dump.Stderr);
        var definition = new DataStoreFolder(_dir.File("tables")).Definitions().Single();
        Assert.Equal((table, 40L), (definition.ResourceId, definition.Rows));
        Assert.Equal(["id"], definition.PrimaryKey!);
        Assert.Equal(["name"], definition.Indexes);
        Assert.Equal("int4", definition.Fields[0]!["type"]!.GetValue<string>()); // the type as the source reports it

        var loadDatasets = await CliProcess.RunAsync(["load", "datasets", "-I", _dir.File("datasets.jsonl"), "-r", target.BaseUrl.ToString(), "-q", .. retries], Key(target));
        Assert.True(loadDatasets.ExitCode == 0, loadDatasets.Stderr);
        var load = await CliProcess.RunAsync(["load", "datastore", "-I", _dir.File("tables"), "-r", target.BaseUrl.ToString(), "-q", "-l", _dir.File("load.log"), .. retries], Key(target));
        Assert.True(load.ExitCode == 0, load.Stderr);
        Assert.Contains("load datastore: 1 created (40 rows)", load.Stderr);
        var (sourceFields, sourceRows) = await ShownAsync(source, table);
        var (targetFields, targetRows) = await ShownAsync(target, table);
        Assert.Equal(sourceFields, targetFields);
        Assert.Equal(sourceRows, targetRows);
        var entry = JsonNode.Parse(File.ReadLines(_dir.File("load.log")).Single())!.AsObject();
        Assert.All(entry, p => Assert.Contains(p.Key, LogFields.DataStore)); // what help and README list
        Assert.Equal(("created", 40), (entry["outcome"]!.GetValue<string>(), entry["rows"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Paging_by_offset_neither_skips_nor_repeats_a_row_when_rows_are_deleted_or_added_mid_dump()
    {
        await using var source = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var table = Dataset(source, org, "tables");
        await TypedTableAsync(source, table, 95);
        // After the first page of rows (the second search: the first asks for the shape), two rows
        // already read and one not yet read are deleted (the rest shift back by three), and two
        // rows are added at the end.
        source.Faults.ChangeAfter("datastore_search", 2, () => source.Store.EditTable(table, t =>
        {
            t.Rows.RemoveAll(r => r["id"]!.GetValue<long>() is 2 or 5 or 17);
            foreach (var id in new[] { 1001, 1002 }) t.Rows.Add(new JsonObject { ["_id"] = t.NextId++, ["id"] = id, ["counts"] = new JsonArray(id) });
        }));
        using var client = Client(source);
        var reader = new TableReader(client, pageSize: 10);
        var shape = (await reader.ShapeAsync(table, default))!.Value;
        var ids = new List<long>();
        await foreach (var row in reader.RowsAsync(table, shape.Fields, default)) ids.Add(row[0]!.GetValue<long>());

        Assert.Equal(ids.Distinct().Count(), ids.Count); // nothing twice
        // 2 and 5 were read before they went; 17 was gone before its page.
        Assert.Equal(Enumerable.Range(1, 95).Select(i => (long)i).Except([17L]).Concat([1001L, 1002L]), ids);
    }

    [Fact]
    public async Task An_interrupted_dump_keeps_the_tables_it_finished_and_reads_only_the_rest()
    {
        await using var source = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var first = Dataset(source, org, "a-tables");
        var second = Dataset(source, org, "b-tables");
        await TypedTableAsync(source, first, 30);
        await TypedTableAsync(source, second, 30);
        var refs = new[] { new TableRef(first, null, "a-tables", 0), new TableRef(second, null, "b-tables", 0) };
        var folder = new DataStoreFolder(_dir.File("tables"));
        using var client = Client(source);

        // The site goes down once the first table is read whole: its shape, then pages of 10, 11, 11
        // and 1 rows (each page starts on the last row read), each asked twice (lists, then its numeric column as CSV).
        source.Faults.ChangeAfter("datastore_search", 9, () => source.Faults.Down = true);
        await using var log = RecordLog.None;
        await Assert.ThrowsAsync<CkanMigrate.Ckan.CkanApiException>(() =>
            new DataStoreDumper(client, folder, parallel: 1, pageSize: 10).DumpAsync(refs.ToAsyncEnumerable(), log, new ProgressCounter("t"), new ProgressCounter("r"), default));
        Assert.Single(folder.Definitions());

        source.Faults.Down = false;
        source.Calls.Reset();
        var summary = await new DataStoreDumper(client, folder, parallel: 1, pageSize: 10).DumpAsync(refs.ToAsyncEnumerable(), log, new ProgressCounter("t"), new ProgressCounter("r"), default);
        Assert.Equal("1 already there (30 rows), 1 dumped (30 rows)", summary.Describe());
        Assert.Equal(9, source.Calls["datastore_search"]); // the second table only
        Assert.Equal(2, folder.Definitions().Count);
    }

    [Fact]
    public async Task A_table_the_target_refuses_fails_with_CKANs_reason_and_the_other_tables_still_load()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(target, "pub")["id"]!.ToString();
        var good = Dataset(target, org, "good");
        var badRow = Dataset(target, org, "bad-row");
        var badType = Dataset(target, org, "bad-type");
        var folder = new DataStoreFolder(_dir.File("tables"));
        Directory.CreateDirectory(folder.Path);
        await WriteTableAsync(folder, good, [new JsonObject { ["id"] = "n", ["type"] = "int4" }], Enumerable.Range(1, 12).Select(i => $"[{i}]"));
        await WriteTableAsync(folder, badRow, [new JsonObject { ["id"] = "n", ["type"] = "int4" }], Enumerable.Range(1, 12).Select(i => i == 9 ? "[\"nine\"]" : $"[{i}]"));
        await WriteTableAsync(folder, badType, [new JsonObject { ["id"] = "shape", ["type"] = "geometry" }], ["[\"POINT(0 0)\"]"]);

        using var client = Client(target);
        await using var log = RecordLog.None;
        var summary = await new DataStoreLoader(client, folder, parallel: 1).LoadAsync(log, new ProgressCounter("t"), new ProgressCounter("r"), default);
        Assert.Equal(2, summary.Failed);
        Assert.Equal(12, target.Store.TableRows(good)!.Count);
        var reasons = string.Join("\n", summary.Failures.Select(f => f.Reason));
        Assert.Matches("rows 1–12: .*invalid input syntax for type integer: .*nine", reasons); // CKAN's words, for the batch holding row 9
        Assert.Matches("geometry.* is not a valid field type", reasons);
    }

    [Fact]
    public async Task Dump_and_load_datastore_refuse_what_they_cannot_do_in_one_line()
    {
        await using var site = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode() with { DataStorePlugin = false });
        var noOutput = await CliProcess.RunAsync(["dump", "datastore", "-I", "x.jsonl", "-r", site.BaseUrl.ToString()], Key(site));
        Assert.Equal(2, noOutput.ExitCode);
        Assert.Contains("give -O FOLDER", noOutput.Stderr);
        File.WriteAllText(_dir.File("d.jsonl"), "");
        var noPlugin = await CliProcess.RunAsync(["dump", "datastore", "-I", _dir.File("d.jsonl"), "-O", _dir.File("t"), "-r", site.BaseUrl.ToString()], Key(site));
        Assert.Equal(2, noPlugin.ExitCode);
        Assert.Contains("has no datastore plugin", noPlugin.Stderr);
        var notAFolder = await CliProcess.RunAsync(["load", "datastore", "-I", _dir.File("d.jsonl"), "-r", site.BaseUrl.ToString()], Key(site));
        Assert.Equal(2, notAFolder.ExitCode);
        Assert.Contains("load datastore reads a folder", notAFolder.Stderr);
        Assert.DoesNotContain("   at ", noOutput.Stderr + noPlugin.Stderr + notAFolder.Stderr);
    }

    private static async Task WriteTableAsync(DataStoreFolder folder, string resourceId, JsonArray fields, IEnumerable<string> rows)
    {
        var text = string.Concat(rows.Select(r => r + "\n"));
        await File.WriteAllTextAsync(folder.RowsPath(resourceId), text);
        await folder.WriteDefinitionAsync(new TableDefinition
        {
            ResourceId = resourceId, Fields = fields, PrimaryKey = [], Rows = rows.Count(), Bytes = System.Text.Encoding.UTF8.GetByteCount(text), Sha256 = "made-by-hand",
        }, default);
    }
}
