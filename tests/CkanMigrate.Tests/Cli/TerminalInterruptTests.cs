using CkanMigrate.Entities;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: `load` reading records typed on a terminal says "Ctrl-C stops", so Ctrl-C stops it —
/// at once, while it waits for the next line — with exit 130 and what was loaded before the stop.
/// Pressed on a real pseudo-terminal, where the key is the SIGINT an operator sends.
/// </summary>
public sealed class TerminalInterruptTests
{
    [Fact]
    public async Task Ctrl_C_stops_a_load_waiting_for_typed_input_and_says_what_was_loaded()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var organization = Seed.Organization(ckan, "org");
        using var terminal = TerminalSession.Start(["load", "datasets", "-r", ckan.BaseUrl.AbsoluteUri, "-a", ckan.SysadminToken, "-q"]);
        await terminal.WaitForAsync("Ctrl-C stops", TimeSpan.FromSeconds(30));

        // The load looks at the first records' fields before it sends any (is this input datasets?): enough are typed for that.
        for (var i = 1; i <= KindGuard.Looked; i++)
            await terminal.TypeAsync($"{{\"name\":\"typed-{i}\",\"title\":\"Typed {i}\",\"owner_org\":\"{organization["id"]}\"}}\n");
        for (var waited = 0; ckan.Calls["package_create"] < KindGuard.Looked && waited < 200; waited++) await Task.Delay(100);
        Assert.True(ckan.Calls["package_create"] == KindGuard.Looked, $"the typed records were not loaded:\n{terminal.Output}");
        await terminal.TypeAsync("\u0003");

        var exitCode = await terminal.ExitCodeAsync(TimeSpan.FromSeconds(15));
        Assert.True(exitCode == 130, $"exit {exitCode}:\n{terminal.Output}");
        Assert.Contains($"load datasets: {KindGuard.Looked} records finished before the stop (none rejected)", terminal.Output);
        Assert.Contains("load interrupted: records already sent are on the target", terminal.Output);
    }
}
