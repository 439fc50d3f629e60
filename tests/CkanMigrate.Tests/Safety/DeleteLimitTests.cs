using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Safety;

/// <summary>
/// Issue #22 §2: deletes are held to a limit — --max-deletes, else 10 or 1% of the target's
/// datasets, whichever is larger. Over it, nothing is deleted: the list is in the report, stderr
/// names --max-deletes, and the run ends with exit 3.
/// </summary>
public sealed class DeleteLimitTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Run(FakeCkanServer source, FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"),
                "-q", "--retries", "1", "--retry-delay", "0.01", "--since", "auto", .. more],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    private static async Task<(FakeCkanServer Source, FakeCkanServer Target, string[] Names)> StartAsync(int datasets)
    {
        var source = await FakeCkanServer.StartAsync();
        var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var names = Enumerable.Range(0, datasets).Select(i => $"ds-{i:D2}").ToArray();
        foreach (var name in names) Seed.Dataset(source, name, org);
        return (source, target, names);
    }

    private static int Active(FakeCkanServer target, IEnumerable<string> names) => names.Count(n => target.Store.GetDataset(n)?["state"]?.ToString() == "active");

    [Fact]
    public async Task More_deletes_than_the_default_limit_delete_nothing_list_them_and_exit_3_until_max_deletes_allows_them()
    {
        var (source, target, names) = await StartAsync(12);
        await using var s = source;
        await using var t = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        foreach (var name in names.Take(11)) source.Store.DeleteDataset(name);

        var held = await Run(source, target, "--propagate-deletes");

        Assert.True(held.ExitCode == 3, held.ToString());
        Assert.Equal(12, Active(target, names));
        Assert.Contains("--max-deletes", held.Stderr);
        Assert.Contains("--max-deletes 11", held.Stdout);
        Assert.Contains("Nothing was deleted", held.Stdout);
        foreach (var name in names.Take(11)) Assert.Contains(Seed.DeterministicId("dataset", name), held.Stdout);
        Assert.DoesNotContain("| delete |", held.Stdout);

        var allowed = await Run(source, target, "--propagate-deletes", "--max-deletes", "11");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal(1, Active(target, names));
        Assert.Contains("| delete | datasets | 11 deleted", allowed.Stdout);
    }

    [Fact]
    public async Task Max_deletes_zero_holds_back_even_one()
    {
        var (source, target, names) = await StartAsync(3);
        await using var s = source;
        await using var t = target;
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        source.Store.DeleteDataset(names[0]);

        var held = await Run(source, target, "--propagate-deletes", "--max-deletes", "0");

        Assert.True(held.ExitCode == 3, held.ToString());
        Assert.Equal(3, Active(target, names));
    }

    [Fact]
    public async Task The_default_limit_is_one_percent_of_a_large_targets_datasets()
    {
        var (source, target, names) = await StartAsync(14);
        await using var s = source;
        await using var t = target;
        var targetOrg = Seed.Organization(target, "elsewhere")["id"]!.ToString();
        for (var i = 0; i < 1_300; i++)
            target.Store.SeedDataset(new JsonObject { ["name"] = $"target-only-{i:D4}", ["owner_org"] = targetOrg });
        Assert.Equal(0, (await Run(source, target)).ExitCode);
        foreach (var name in names.Take(13)) source.Store.DeleteDataset(name); // 1,314 on the target: the limit is 14

        var run = await Run(source, target, "--propagate-deletes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, Active(target, names));
    }

    [Fact]
    public async Task Max_deletes_without_propagate_deletes_is_a_usage_error()
    {
        var (source, target, _) = await StartAsync(1);
        await using var s = source;
        await using var t = target;

        var run = await Run(source, target, "--max-deletes", "5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--propagate-deletes", run.Stderr);
    }
}
