using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §2: a verb stopped part-way says what it kept and whether the same command goes on
/// or starts again; that answer holds (a re-run of the load finds what was loaded unchanged).
/// </summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task A_stopped_load_says_what_is_on_the_target_and_the_same_command_goes_on()
    {
        await using var source = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(source, 6, organizations: 1);
        await using var target = await FakeCkanServer.StartAsync();
        using var temp = new TempFolder();
        var input = temp.File("datasets.jsonl");
        var organizations = temp.File("organizations.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync("dump", "organizations", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", organizations, "-q")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync("dump", "datasets", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", input, "-q")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync("load", "organizations", "-I", organizations, "-r", target.BaseUrl.AbsoluteUri, "-a", target.SysadminToken, "-q")).ExitCode);
        string[] load = ["load", "datasets", "-I", input, "-r", target.BaseUrl.AbsoluteUri, "-p", "1", "-q", "-l", temp.File("load.log")];
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken };

        var stopped = await CliProcess.RunInterruptedByAsync(load, env, stop => target.Faults.ChangeAfter("package_create", 2, () => { stop(); Thread.Sleep(500); })); // the answer waits for the signal, however fast the load

        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        Assert.Contains("load terminated (SIGTERM): records already sent are on the target and in the log (-l), rejects so far in --rejects; the same command goes on, finding what was loaded unchanged", stopped.Stderr);
        var loadedBefore = target.Store.DatasetCount;
        Assert.InRange(loadedBefore, 2, 5);

        var again = await CliProcess.RunAsync(load, env);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"{loadedBefore} unchanged", again.Stderr);
        Assert.Equal(6, target.Store.DatasetCount);
    }

    [Fact]
    public async Task A_stopped_dump_leaves_no_output_and_says_it_starts_again()
    {
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { RowsMax = 2 });
        Seed.ManyDatasets(source, 6, organizations: 1);
        using var temp = new TempFolder();
        var output = temp.File("datasets.jsonl");

        var stopped = await CliProcess.RunInterruptedByAsync(["dump", "datasets", "--all", "-r", source.BaseUrl.AbsoluteUri, "-O", output, "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken },
            stop => source.Faults.ChangeAfter("package_search", 1, () => { stop(); Thread.Sleep(500); }));

        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        Assert.Contains("dump terminated (SIGTERM): no output file was written", stopped.Stderr);
        Assert.Contains("the same command starts the dump again", stopped.Stderr);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
