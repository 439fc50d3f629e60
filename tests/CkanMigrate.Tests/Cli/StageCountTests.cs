using System.Diagnostics;
using System.Text.RegularExpressions;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: the progress of a run says how many stages there are and which one is going
/// ("stage 4 of 11: load datasets"), in the plain lines of a log and on a terminal's live view.
/// </summary>
public sealed partial class StageCountTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Plain_lines_number_every_stage_of_one_count_in_order_up_to_the_last()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.ManyDatasets(source, 5, organizations: 2);

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", _dir.File("work")],
            new Dictionary<string, string?>
            {
                ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken, ["CKAN_MIGRATE_PROGRESS_SECONDS"] = "0.1",
            });

        Assert.True(run.ExitCode == 0, run.ToString());
        var stages = run.Stderr.Split('\n').Select(l => StageLine().Match(l)).Where(m => m.Success)
            .Select(m => (Number: int.Parse(m.Groups[1].Value), Of: int.Parse(m.Groups[2].Value), Label: m.Groups[3].Value)).ToList();
        var firstSeen = stages.DistinctBy(s => s.Label).ToList();
        Assert.True(firstSeen.Count >= 8, run.Stderr); // a dump and a load of each kind at least
        Assert.Single(stages.Select(s => s.Of).Distinct()); // one count throughout
        Assert.All(stages.GroupBy(s => s.Label), g => Assert.Single(g.Select(s => s.Number).Distinct())); // a stage keeps its number
        Assert.Equal(firstSeen.Select(s => s.Number).Order(), firstSeen.Select(s => s.Number)); // in order
        Assert.Equal(stages[0].Of, firstSeen[^1].Number); // the last stage shown is the last counted
        Assert.Contains(firstSeen, s => s.Label == "dump datasets");
        Assert.Contains(firstSeen, s => s.Label == "load datasets");
    }

    [Fact]
    public async Task The_live_view_on_a_terminal_numbers_the_stages()
    {
        Assert.True(File.Exists("/usr/bin/script"), "util-linux script is needed to give the CLI a terminal");
        var typescript = _dir.File("typescript");
        var command = $"dotnet {CliProcess.DllPath} run --from {Path.Combine(SharedFiles.RepoRoot, "samples", "dgu")} --to {_dir.File("out")} --profile dgu --work {_dir.File("work")}";
        var start = new ProcessStartInfo("/usr/bin/script") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-qefc", command, typescript }) start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "160";
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cts.Token);

        var screen = Escape().Replace(await File.ReadAllTextAsync(typescript), "");
        Assert.True(process.ExitCode == 0, screen);
        foreach (var label in new[] { "convert users", "convert datasets", "convert harvest-sources" })
            Assert.Matches($@"stage \d+ of \d+: {label} done: ", screen);
    }

    [GeneratedRegex(@"^stage (\d+) of (\d+): (.+?): ")]
    private static partial Regex StageLine();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")]
    private static partial Regex Escape();
}
