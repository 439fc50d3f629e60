using System.Globalization;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Peak RSS of `load datasets` when every record is already on the target (the whole target is
/// read into the index, nothing is written), at several target sizes, and the slope per 1,000
/// records: what the target index costs (#13 §2).
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task RunAsync(IReadOnlyList<int> sizes)
    {
        Console.WriteLine("load datasets, all unchanged: peak RSS by target size");
        Console.WriteLine("| datasets | wall (s) | peak RSS (MB) | outcome |");
        Console.WriteLine("|---|---|---|---|");
        var points = new List<(int N, double Mb)>();
        foreach (var n in sizes)
        {
            var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench-memory");
            await using var ckan = await FakeCkanServer.StartAsync();
            DatasetFactory.Fill(ckan, n);
            var input = Path.Combine(folder.FullName, "datasets.jsonl");
            await using (var writer = new StreamWriter(input))
                for (var i = 0; i < n; i++)
                    await writer.WriteLineAsync(DatasetFactory.Make(i, DatasetFactory.Id("org", i % 50)).ToJsonString());
            var env = new Dictionary<string, string> { ["CKAN_API_KEY"] = ckan.SysadminToken };
            // BENCH_CHILD_ENV="K=V;K=V" goes to the CLI only (e.g. a GC heap limit, to tell the live set from the GC's slack).
            foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_CHILD_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
                env[pair.Split('=')[0]] = pair[(pair.IndexOf('=') + 1)..];
            var run = await ChildProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q", "-p", "8"], env);
            if (run.ExitCode != 0) throw new InvalidOperationException($"load failed: {run.Stderr}");
            var outcome = run.Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("load datasets:", StringComparison.Ordinal))?.Split(" in ")[0] ?? "?";
            var mb = run.PeakRssBytes / 1048576.0;
            points.Add((n, mb));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:0.0} | {2:N0} | {3} |", n, run.Elapsed.TotalSeconds, mb, outcome));
            folder.Delete(recursive: true);
        }
        if (points.Count >= 2)
        {
            var (first, last) = (points[0], points[^1]);
            var slope = (last.Mb - first.Mb) / ((last.N - first.N) / 1000.0);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "slope: {0:0.00} MB per 1,000 target records ({1:N0} bytes each); 1,000,000 would be ~{2:N0} MB",
                slope, slope * 1048576 / 1000, last.Mb + slope * (1_000_000 - last.N) / 1000.0));
        }
    }
}
