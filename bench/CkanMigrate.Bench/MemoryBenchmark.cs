using System.Globalization;
using CkanMigrate.Entities;
using CkanMigrate.Load;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Peak RSS of `load datasets` when every record is already on the target (the whole target is
/// read into the index, nothing is written), at several target sizes, and the slope per 1,000
/// records: what the target index costs (#13 §2).
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task RunAsync(IReadOnlyList<int> sizes, string? indexMemoryMb)
    {
        Console.WriteLine($"load datasets, all unchanged: peak RSS by target size{(indexMemoryMb is null ? "" : $", --index-memory {indexMemoryMb}")}");
        Console.WriteLine("| datasets | wall (s) | peak RSS (MB) | index alone (bytes per record, its own count) | outcome |");
        Console.WriteLine("|---|---|---|---|---|");
        var points = new List<(int N, double Mb)>();
        var indexBytes = sizes.ToDictionary(n => n, IndexBytesPerRecord); 
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
            string[] load = ["load", "datasets", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q", "-p", "8"];
            var run = await ChildProcess.RunAsync(indexMemoryMb is null ? load : [.. load, "--index-memory", indexMemoryMb], env);
            if (run.ExitCode != 0) throw new InvalidOperationException($"load failed: {run.Stderr}");
            var outcome = run.Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("load datasets:", StringComparison.Ordinal))?.Split(" in ")[0] ?? "?";
            var mb = run.PeakRssBytes / 1048576.0;
            points.Add((n, mb));
            var strategy = run.Stderr.Split('\n').FirstOrDefault(l => l.Contains("target read by", StringComparison.Ordinal)) is { } l
                ? l[(l.IndexOf("target read by", StringComparison.Ordinal) + "target read by ".Length)..].Trim() : "?";
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:0.0} | {2:N0} | {3:0} | {4}; {5} |", n, run.Elapsed.TotalSeconds, mb, indexBytes[n], outcome, strategy));
            folder.Delete(recursive: true);
        }
        if (points.Count >= 2 && indexMemoryMb is null)
        {
            var (first, last) = (points[0], points[^1]);
            var slope = (last.Mb - first.Mb) / ((last.N - first.N) / 1000.0);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "slope: {0:0.00} MB per 1,000 target records ({1:N0} bytes each); 1,000,000 would be ~{2:N0} MB",
                slope, slope * 1048576 / 1000, last.Mb + slope * (1_000_000 - last.N) / 1000.0));
        }
    }

    /// <summary>What the load's target index itself holds per record, by its own count, built in this process from the same records.</summary>
    private static double IndexBytesPerRecord(int n)
    {
        using var index = new TargetIndex(EntityKind.Datasets);
        for (var i = 0; i < n; i++) index.Add(DatasetFactory.Make(i, DatasetFactory.Id("org", i % 50)));
        return index.MemoryBytes / (double)n;
    }
}
