using System.Globalization;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// A full `run` from a FakeCkan of N datasets into an empty one, then C datasets edited at the
/// source and `run --since auto`: calls, bytes and wall time on each side for both runs (#13).
/// </summary>
internal static class IncrementalBenchmark
{
    /// <param name="runOptions">More options for every run (e.g. <c>--no-views</c>).</param>
    public static async Task RunAsync(int datasets, int changes, int latencyMs, string[] runOptions)
    {
        var work = Directory.CreateTempSubdirectory("ckan-migrate-bench-incremental");
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        DatasetFactory.Fill(source, datasets);
        source.Faults.Latency = target.Faults.Latency = TimeSpan.FromMilliseconds(latencyMs);
        var env = new Dictionary<string, string> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] run = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", work.FullName, "-q", "--no-files", "-p", "8", .. runOptions];
        Console.WriteLine($"run {datasets:N0} datasets, then {changes} edited and run --since auto; {latencyMs} ms latency per call{(runOptions.Length > 0 ? "; " + string.Join(' ', runOptions) : "")}");
        Console.WriteLine("| run | wall (s) | source calls | source MB out | target calls | target MB out | peak RSS (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var full = await MeasureAsync("full", run, env, source, target);
        var step = Math.Max(1, datasets / changes);
        // Three catch-ups, each after its own edits (this VM's speed drifts: the median is reported).
        var catchUps = new List<(double Wall, long SourceCalls, long SourceBytes)>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < changes; i++)
                source.Store.EditDataset(DatasetFactory.Id("dataset", (i * step + round) % datasets), d => d["notes"] = $"edited for catch-up {round}, {i}");
            catchUps.Add(await MeasureAsync($"--since auto ({round + 1})", [.. run, "--since", "auto"], env, source, target));
        }
        var catchUp = catchUps.OrderBy(c => c.Wall).ElementAt(1);
        // Where the last catch-up's time went, stage by stage (from its report).
        foreach (var line in File.ReadLines(Path.Combine(work.FullName, "report.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal)))
            Console.WriteLine("    " + line);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "catch-up (median of 3) / full: wall {0:P1}, source calls {1:P1}, source bytes {2:P2}; budget per side ⌈N/1000⌉ + 2 × changes + 20 = {3:N0}",
            catchUp.Wall / full.Wall, (double)catchUp.SourceCalls / full.SourceCalls, (double)catchUp.SourceBytes / full.SourceBytes,
            (datasets + 999) / 1000 + 2 * changes + 20));
        work.Delete(recursive: true);
    }

    private static async Task<(double Wall, long SourceCalls, long SourceBytes)> MeasureAsync(string label, string[] args, Dictionary<string, string> env,
        FakeCkanServer source, FakeCkanServer target)
    {
        var (sourceCalls, sourceBytes, targetCalls, targetBytes) = (source.RequestsSeen, source.BytesOut, target.RequestsSeen, target.BytesOut);
        var result = await ChildProcess.RunAsync(args, env);
        if (result.ExitCode != 0) throw new InvalidOperationException($"run failed: {result.Stderr}");
        var (sc, sb, tc, tb) = (source.RequestsSeen - sourceCalls, source.BytesOut - sourceBytes, target.RequestsSeen - targetCalls, target.BytesOut - targetBytes);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:0.0} | {2:N0} | {3:N1} | {4:N0} | {5:N1} | {6:N0} |",
            label, result.Elapsed.TotalSeconds, sc, sb / 1048576.0, tc, tb / 1048576.0, result.PeakRssBytes / 1048576.0));
        return (result.Elapsed.TotalSeconds, sc, sb);
    }
}
