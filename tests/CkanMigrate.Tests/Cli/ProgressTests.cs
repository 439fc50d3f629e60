using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §3: progress as an operator reads it. Plain lines (stderr not a terminal) name every
/// stage when it ends, short ones too, and a running stage at the interval, with no rate before
/// there is one; on a terminal each stage is a bar kept after it ends, with percent and ETA once.
/// </summary>
public sealed partial class ProgressTests
{
    private static string Sample(string name) => Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", name);

    [Fact]
    public async Task Every_stage_of_a_run_gets_a_line_when_it_ends_however_short()
    {
        using var temp = new TempFolder();

        var run = await CliProcess.RunAsync("run", "--from", Path.Combine(SharedFiles.RepoRoot, "samples", "dgu"), "--to", temp.File("out"),
            "--profile", "dgu", "--work", temp.File("work"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"convert users: done: \d+ in 0:0\d", run.Stderr);
        Assert.Contains("convert datasets: done: 8 in 0:0", run.Stderr);
        Assert.Contains("convert harvest-sources: done: 4 in 0:0", run.Stderr);
    }

    [Fact]
    public async Task A_running_load_is_shown_at_the_interval_with_a_true_rate_and_never_one_before_a_second()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        using var temp = new TempFolder();
        var input = await SlowLoadAsync(ckan, temp, 30);

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.AbsoluteUri, "-p", "1"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken, ["CKAN_MIGRATE_PROGRESS_SECONDS"] = "0.3" });

        Assert.True(load.ExitCode == 0, load.ToString());
        var running = load.Stderr.Split('\n').Where(l => l.StartsWith("load datasets: ", StringComparison.Ordinal) && !l.Contains("done:") && !l.Contains(" lines: ")).ToList();
        Assert.True(running.Count >= 2, load.Stderr);
        Assert.All(running, l => Assert.Matches(@"^load datasets: \d+/30 \(\d+%\)", l));
        Assert.DoesNotContain("/s", running[0]); // the first line comes before a second of work: no rate yet
        // One call per record at 60 ms each: no honest rate is above ~17/s.
        foreach (Match m in Rate().Matches(load.Stderr))
            Assert.InRange(double.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), 0, 40);
        Assert.Matches(@"load datasets: done: 30 in 0:0\d \(\d+/s\)", load.Stderr);
    }

    [Fact]
    public async Task On_a_terminal_each_stage_is_a_bar_with_percent_once_and_kept_when_it_ends()
    {
        Assert.True(File.Exists("/usr/bin/script"), "util-linux script is needed to give the CLI a terminal");
        await using var ckan = await FakeCkanServer.StartAsync();
        using var temp = new TempFolder();
        var input = await SlowLoadAsync(ckan, temp, 20);
        var typescript = temp.File("typescript");
        var start = new ProcessStartInfo("/usr/bin/script") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-qefc", $"dotnet {CliProcess.DllPath} load datasets -I {input} -r {ckan.BaseUrl.AbsoluteUri} -a {ckan.SysadminToken} -p 1", typescript })
            start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "120";
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cts.Token);

        var screen = Escape().Replace(await File.ReadAllTextAsync(typescript), "");
        var frames = screen.Split('\r', '\n').Where(l => l.Contains("load datasets", StringComparison.Ordinal)).ToList();
        Assert.Contains(frames, f => Regex.IsMatch(f, @"load datasets \d+/20 \(\d+%\)"));
        Assert.All(frames, f => Assert.True(f.Count(c => c == '%') <= 1, f));
        Assert.Contains(frames, f => f.Contains("load datasets done: 20 in", StringComparison.Ordinal));
    }

    /// <summary>A file of <paramref name="count"/> new datasets for a target answering each call after 60 ms: a load long enough to watch.</summary>
    private static async Task<string> SlowLoadAsync(FakeCkanServer ckan, TempFolder temp, int count)
    {
        var organization = Seed.Organization(ckan, "org");
        var input = temp.File("datasets.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, count).Select(i => $"{{\"name\":\"d-{i:D2}\",\"title\":\"D {i}\",\"owner_org\":\"{organization["id"]}\"}}"));
        ckan.Faults.Latency = TimeSpan.FromMilliseconds(60);
        return input;
    }

    [GeneratedRegex(@"([\d,]+)/s")]
    private static partial Regex Rate();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")]
    private static partial Regex Escape();
}
