using CkanMigrate.Tests.Support;
using FakeCkan;
using static CkanMigrate.Tests.DataStore.DataStoreFixture;

namespace CkanMigrate.Tests.DataStore;

/// <summary>
/// Issue #22 §4: a fresh CKAN makes the type behind json columns on first use, unsafely: creates
/// made at once are refused (409 "nested" is not a valid field type, or a 500). A run's first
/// DataStore write goes alone, then the rest in parallel, and a refusal of that kind is tried again.
/// </summary>
public sealed class JsonTypeRaceTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<(FakeCkanServer Source, FakeCkanServer Target)> StartAsync(int tables)
    {
        var source = await FakeCkanServer.StartAsync();
        var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { LazyJsonType = true });
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        for (var i = 0; i < tables; i++) await TypedTableAsync(source, Dataset(source, org, $"table-{i}"), 10); // each has a json column
        return (source, target);
    }

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--retry-delay", "0.05", .. more],
            Keys(source, target));

    [Fact]
    public async Task Json_tables_loaded_in_parallel_into_a_fresh_datastore_all_arrive()
    {
        var (source, target) = await StartAsync(6);
        await using var s = source;
        await using var t = target;

        var run = await Run(source, target, "-p", "4");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("| load | datastore | 6 created", run.Stdout);
        Assert.Equal(6, target.Calls["datastore_create"]); // none refused: nothing to try again
    }

    [Fact]
    public async Task A_create_refused_for_the_json_type_is_tried_again()
    {
        var (source, target) = await StartAsync(1);
        await using var s = source;
        await using var t = target;
        target.FailNextJsonTables(1); // as when another process touched the DataStore at the same moment

        var run = await Run(source, target, "-p", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("| load | datastore | 1 created", run.Stdout);
        Assert.Equal(2, target.Calls["datastore_create"]);
    }
}
