using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;
using static CkanMigrate.Tests.DataStore.DataStoreFixture;

namespace CkanMigrate.Tests.DataStore;

/// <summary>Issue #14: DataStore tables move with their resources in <c>run</c>: fields, data dictionary, key and rows.</summary>
public sealed class DataStoreRunTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string[] RunArgs(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--retry-delay", "0.01", .. more];

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(RunArgs(source, target, more), Keys(source, target));

    /// <summary>A public dataset with the typed table (12,345 rows: two dump pages, three load batches) and a private one with a small table.</summary>
    private static async Task<(string Public, string Private)> PortalAsync(FakeCkanServer source, int rows = 12_345)
    {
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var open = Dataset(source, org, "tables");
        var hidden = Dataset(source, org, "secret-tables", isPrivate: true);
        await TypedTableAsync(source, open, rows);
        await TypedTableAsync(source, hidden, 5);
        return (open, hidden);
    }

    [Fact]
    public async Task A_run_gives_the_target_the_same_fields_data_dictionary_key_and_rows_and_a_second_run_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, hidden) = await PortalAsync(source);

        var first = await Run(source, target);
        Assert.True(first.ExitCode == 0, first.Stderr);
        foreach (var table in new[] { open, hidden })
        {
            var (sourceFields, sourceRows) = await ShownAsync(source, table);
            var (targetFields, targetRows) = await ShownAsync(target, table);
            Assert.Equal(sourceFields, targetFields); // types as reported (int4, _text …) and every info entry
            Assert.Equal(sourceRows, targetRows);
            var definition = target.Store.TableDefinition(table)!.Value;
            Assert.Equal(["id"], definition.PrimaryKey);
            Assert.Equal(["name"], definition.Indexes);
        }
        Assert.Equal(12_345, (await ShownAsync(target, open)).Rows.Count);
        // numeric as written at the source: its scale kept ("10.10", not the 10.1 JSON gives), and every digit of a long one.
        Assert.Equal(source.Store.TableRows(open)!.Select(r => r["amount"]?.ToString()), target.Store.TableRows(open)!.Select(r => r["amount"]?.ToString()));
        Assert.Equal("10.10", target.Store.TableRows(open)![9]["amount"]!.ToString());
        Assert.Equal("12345678901234567890.123456789", target.Store.TableRows(open)![12_344]["amount"]!.ToString());
        Assert.Equal("naïve-1 名前 \"q\"", JsonNode.Parse((await ShownAsync(target, open)).Rows[0])!["name"]!.GetValue<string>());
        // The private dataset's table stays private there: no anonymous reads.
        using (var anonymous = Client(target, anonymous: true))
        {
            var refused = await Assert.ThrowsAsync<CkanMigrate.Ckan.CkanApiException>(() => anonymous.CallAsync("datastore_search", new JsonObject { ["resource_id"] = hidden }));
            Assert.Equal(CkanMigrate.Ckan.CkanErrorKind.NotAuthorized, refused.Kind);
        }
        var report = await File.ReadAllTextAsync(Path.Combine(_dir.File("work"), "report.md"));
        Assert.Matches(@"\| load \| datastore \|[^\n]*2 created", report);
        Assert.Contains("12,350 rows created", report);

        target.Calls.Reset();
        var second = await Run(source, target);
        Assert.True(second.ExitCode == 0, second.Stderr);
        foreach (var write in new[] { "datastore_create", "datastore_upsert", "datastore_delete", "resource_patch", "package_update" })
            Assert.Equal(0, target.Calls[write]);
        Assert.Matches(@"\| load \| datastore \|[^\n]*2 unchanged", await File.ReadAllTextAsync(Path.Combine(_dir.File("work"), "report.md")));
    }

    [Fact]
    public async Task A_load_stopped_mid_table_goes_on_from_its_last_batch_without_duplicating_a_row()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, _) = await PortalAsync(source);

        // Stopped (SIGTERM) right after the target took the second batch of 5,000 rows.
        var stopped = await CliProcess.RunInterruptedByAsync(RunArgs(source, target), Keys(source, target),
            stop => target.Faults.ChangeAfter("datastore_upsert", 2, () => { stop(); Thread.Sleep(500); })); // the answer waits for the signal
        Assert.NotEqual(0, stopped.ExitCode);
        var partial = target.Store.TableRows(open)!.Count;
        Assert.InRange(partial, 5_000, 10_000);

        target.Calls.Reset();
        var resumed = await Run(source, target);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(0, target.Calls["datastore_create"]); // the table was not made again
        Assert.Equal((await ShownAsync(source, open)).Rows, (await ShownAsync(target, open)).Rows);
        Assert.Contains("resumed", await File.ReadAllTextAsync(Path.Combine(_dir.File("work"), "4-load", "datastore.log")));
    }

    [Fact]
    public async Task A_batch_whose_answer_is_lost_is_counted_on_the_target_not_sent_again()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, _) = await PortalAsync(source);
        target.Faults.LoseNextAnswer("datastore_upsert"); // done on the target, but the answer never arrives

        var run = await Run(source, target);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal((await ShownAsync(source, open)).Rows, (await ShownAsync(target, open)).Rows);
    }

    [Fact]
    public async Task A_dataset_update_that_clears_datastore_active_on_the_target_is_repaired_without_rewriting_the_table()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, _) = await PortalAsync(source, rows: 20);
        Assert.Equal(0, (await Run(source, target)).ExitCode);

        // An edit at the source: the next run updates the dataset, and package_update drops the
        // resource's datastore_active extra (CKAN 2.10 replaces resource extras not sent).
        source.Store.EditDataset("tables", d => d["title"] = "Tables, retitled");
        target.Calls.Reset();
        var second = await Run(source, target);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(1, target.Calls["package_update"]);
        Assert.Equal(0, target.Calls["datastore_create"] + target.Calls["datastore_upsert"]);
        using var client = Client(target);
        var resource = await client.CallAsync("resource_show", new JsonObject { ["id"] = open });
        Assert.True(resource!["datastore_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_offline_migration_carries_the_tables_through_its_folder()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, _) = await PortalAsync(source, rows: 25);
        var folder = _dir.File("offline");
        var toFolder = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", folder, "--work", _dir.File("w1"), "-q"], Keys(source, target));
        Assert.True(toFolder.ExitCode == 0, toFolder.Stderr);
        Assert.True(File.Exists(Path.Combine(folder, "datastore", $"{open}.table.json")));

        var fromFolder = await CliProcess.RunAsync(["run", "--from", folder, "--to", target.BaseUrl.ToString(), "--work", _dir.File("w2"), "-q"], Keys(source, target));
        Assert.True(fromFolder.ExitCode == 0, fromFolder.Stderr);
        Assert.Equal((await ShownAsync(source, open)).Rows, (await ShownAsync(target, open)).Rows);
    }

    [Fact]
    public async Task No_datastore_leaves_the_tables_behind()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, _) = await PortalAsync(source, rows: 20);
        var run = await Run(source, target, "--no-datastore");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Null(target.Store.TableRows(open));
        Assert.Equal(0, source.Calls["datastore_search"]);
    }

    [Fact]
    public async Task Verify_datastore_compares_definitions_counts_and_a_row_checksum_per_table()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (open, hidden) = await PortalAsync(source, rows: 30);
        Assert.Equal(0, (await Run(source, target)).ExitCode);

        string[] verify = ["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("verify"), "-q", "--datastore"];
        var clean = await CliProcess.RunAsync(verify, Keys(source, target));
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);
        Assert.Matches(@"\| datastore \| 2 \| 2 \| 2 \| 0 \| 0 \| 0 \|", clean.Stdout);

        // One value changed on the target, and one data dictionary entry.
        target.Store.EditTable(open, t => t.Rows[4]["name"] = "changed");
        target.Store.EditTable(hidden, t => t.Fields[0]["info"]!["label"] = "Other label");
        var dirty = await CliProcess.RunAsync(verify, Keys(source, target));
        Assert.Equal(3, dirty.ExitCode);
        Assert.Contains("`rows sha256`", dirty.Stdout);
        Assert.Contains("`fields`", dirty.Stdout);
    }
}
