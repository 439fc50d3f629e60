using System.Text.Json.Nodes;
using CkanMigrate.Indexing;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Scale;

/// <summary>
/// Issue #13 §2: the indexes a verb builds per record (the load's target index, a dump's seen keys,
/// verify's target) hold compact entries, and past the memory budget spill to disk and go on giving
/// the same answers.
/// </summary>
public sealed class SpillingIndexTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private readonly record struct Entry(ulong Key, ulong SecondKey, long Value) : IDigestEntry;

    private static ulong K(int i) => (ulong)i * 0x9E3779B97F4A7C15UL + 12345; // spread, and never 0
    private static ulong Name(int i) => K(i) ^ 0xFFFF_0000_FFFF_0000UL;

    [Fact]
    public void Past_its_budget_a_table_spills_to_disk_and_still_finds_every_entry_by_key_and_by_second_key()
    {
        var folder = _dir.File("spill");
        Directory.CreateDirectory(folder);
        using var table = new DigestTable<Entry>(bySecond: true, budgetBytes: 1024 * 40, spillFolder: folder); // 1,024 entries in memory
        for (var i = 0; i < 5000; i++) table.Put(new Entry(K(i), Name(i), i));

        Assert.True(table.Spills >= 4, $"{table.Spills} spills");
        Assert.Equal(5000, table.Count);
        for (var i = 0; i < 5000; i++)
        {
            Assert.True(table.TryGet(K(i), out var e) && e.Value == i, $"key {i}");
            Assert.True(table.TryGetBySecond(Name(i), out var n) && n.Value == i, $"name {i}");
        }
        Assert.False(table.TryGet(K(5001), out _));
        Assert.False(table.TryGetBySecond(Name(5001), out _));
        Assert.Empty(Directory.GetFiles(folder)); // unlinked while open: nothing to leave behind
    }

    [Fact]
    public void A_later_entry_for_a_key_on_disk_wins_is_not_counted_twice_and_a_renamed_one_no_longer_answers_to_its_old_name()
    {
        using var table = new DigestTable<Entry>(bySecond: true, budgetBytes: 1024 * 40, spillFolder: _dir.Path);
        for (var i = 0; i < 3000; i++) table.Put(new Entry(K(i), Name(i), i));
        Assert.True(table.Spills >= 2);

        table.Put(new Entry(K(7), Name(7), -7));                  // on disk: replaced in memory
        table.Put(new Entry(K(8), Name(90_000), -8));             // renamed
        table.Put(new Entry(K(2999), Name(2999), -2999));         // still in memory: replaced there
        for (var i = 3000; i < 5000; i++) table.Put(new Entry(K(i), Name(i), i)); // push the replacements to disk too

        Assert.Equal(5000, table.Count);
        Assert.True(table.TryGet(K(7), out var seven) && seven.Value == -7);
        Assert.True(table.TryGetBySecond(Name(7), out var byName) && byName.Value == -7);
        Assert.True(table.TryGetBySecond(Name(90_000), out var renamed) && renamed.Value == -8);
        Assert.False(table.TryGetBySecond(Name(8), out _));
        Assert.True(table.TryGet(K(2999), out var last) && last.Value == -2999);
    }

    [Fact]
    public void Many_entries_sharing_a_second_key_across_file_blocks_give_the_newest_holder()
    {
        using var table = new DigestTable<Entry>(bySecond: true, budgetBytes: 1024 * 40, spillFolder: _dir.Path);
        for (var i = 0; i < 2000; i++) table.Put(new Entry(K(i), i < 1500 ? Name(1) : Name(i), i)); // 1,500 claim one name, as names moved
        for (var i = 0; i < 1499; i++) table.Put(new Entry(K(i), Name(100_000 + i), i)); // all but the last of them renamed since
        for (var i = 2000; i < 4000; i++) table.Put(new Entry(K(i), Name(i), i));

        Assert.True(table.TryGetBySecond(Name(1), out var holder) && holder.Value == 1499);
    }

    private static Dictionary<string, string?> Key(FakeCkanServer ckan) => new() { ["CKAN_API_KEY"] = ckan.SysadminToken };

    [Fact]
    public async Task Dump_and_load_with_their_indexes_spilled_to_disk_give_the_same_outcomes()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(ckan, 3000, organizations: 2);
        var dump = _dir.File("datasets.jsonl");

        // 0.05 MB: the seen keys (id and name of 3,000 datasets) and the target index each spill.
        var dumped = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", ckan.BaseUrl.AbsoluteUri, "-O", dump, "-q", "--index-memory", "0.05"], Key(ckan));
        Assert.True(dumped.ExitCode == 0, dumped.ToString());
        Assert.Equal(3000, File.ReadLines(dump).Count());
        Assert.DoesNotContain("read with package_show", dumped.Stderr); // the completeness check found every listed dataset among those seen
        var lines = await File.ReadAllLinesAsync(dump);
        var edited = JsonNode.Parse(lines[1234])!.AsObject();
        edited["title"] = "Edited in the file";
        lines[1234] = edited.ToJsonString();
        await File.WriteAllLinesAsync(dump, lines);
        var searches = ckan.Calls["package_search"];

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", dump, "-r", ckan.BaseUrl.AbsoluteUri, "--index-memory", "0.05"], Key(ckan));

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("3000 lines: 0 created, 1 updated, 2999 unchanged", load.Stderr);
        Assert.Matches(@"bulk index of 3000 target records, spilled to disk \d+ times past --index-memory", load.Stderr);
        Assert.Equal(1 + 3, ckan.Calls["package_search"] - searches); // the count, then three pages of 1,000: no per-record reads
        Assert.Equal(0, ckan.Calls["package_show"]);
        Assert.Equal("Edited in the file", ckan.Store.GetDataset(edited["name"]!.ToString())!["title"]!.ToString());
    }

    [Fact]
    public async Task Verify_with_its_target_spilled_to_disk_finds_what_is_missing_and_what_differs()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(source, 3000, organizations: 2);
        Seed.ManyDatasets(target, 3000, organizations: 2);
        target.Store.EditDataset("dataset-001500", d => d["title"] = "Changed on the target");
        target.Store.DeleteDataset("dataset-002500");
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

        var verify = await CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--profile", "none",
            "--work", _dir.File("verify"), "-q", "--index-memory", "0.05"], env);

        Assert.True(verify.ExitCode == 3, verify.ToString()); // differences found
        var datasets = JsonNode.Parse(File.ReadAllText(_dir.File("verify/report.json")))!["kinds"]!["datasets"]!;
        Assert.Equal(2998, datasets["same"]!.GetValue<int>());
        Assert.Equal("dataset-002500", Assert.Single(datasets["missing_on_target"]!.AsArray())!.ToString());
        Assert.Equal("dataset-001500", Assert.Single(datasets["different"]!.AsArray())!["key"]!.ToString());
        Assert.Empty(datasets["only_on_target"]!.AsArray());
    }

    [Fact]
    public async Task An_index_memory_that_is_not_a_size_is_refused_in_one_line()
    {
        var run = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", "http://127.0.0.1:9/", "--index-memory", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--index-memory is a size in MB", run.Stderr);
    }
}
