using System.Globalization;

namespace CkanMigrate.Bench;

/// <summary>
/// convert datasets --profile dgu and filter --since over a generated legacy dump, through the real
/// CLI: uncompressed MB/s and records/s (wall time of the whole process: start-up, reading, writing
/// and the final fsync included), and peak RSS. Each step runs several times and the median run is
/// reported, because a shared VM's speed drifts by ±20% from minute to minute. For the one-core
/// figure run the whole benchmark under <c>taskset -c 0</c> (children inherit the affinity).
/// </summary>
internal static class ConvertBenchmark
{
    public static async Task RunAsync(int datasets, int runs, bool escaped)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench");
        var input = Path.Combine(folder.FullName, "legacy-datasets.jsonl");
        await LegacyDumpGenerator.WriteAsync(input, datasets, escaped);
        var size = new FileInfo(input).Length;
        Console.WriteLine($"{datasets:N0} legacy datasets, {size / 1048576.0:N0} MB uncompressed{(escaped ? ", every apostrophe and non-ASCII character \\u-escaped" : "")}");
        Console.WriteLine("| step | MB/s | records/s | peak RSS (MB) | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        var steps = new (string Label, string[] Args)[]
        {
            ("convert datasets", ["convert", "datasets", "--profile", "dgu", "-I", input, "-O", Path.Combine(folder.FullName, "converted.jsonl"), "-q"]),
            ("filter --since (half kept)", ["filter", "--since", "2016-06-01T00:00:00", "-I", input, "-O", Path.Combine(folder.FullName, "filtered.jsonl"), "-q"]),
        };
        foreach (var (label, args) in steps)
        {
            var results = new List<(TimeSpan Elapsed, long PeakRssBytes, string Summary)>();
            for (var run = 0; run < runs; run++)
            {
                var result = await ChildProcess.RunAsync(args);
                if (result.ExitCode != 0) throw new InvalidOperationException($"{label} failed: {result.Stderr}");
                results.Add((result.Elapsed, result.PeakRssBytes, result.Stderr.Trim().Split('\n')[^1]));
            }
            var median = results.OrderBy(r => r.Elapsed).ElementAt(results.Count / 2);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:0.0} |",
                label, size / 1048576.0 / median.Elapsed.TotalSeconds, datasets / median.Elapsed.TotalSeconds, results.Max(r => r.PeakRssBytes) / 1048576.0, median.Elapsed.TotalSeconds));
            foreach (var (elapsed, _, summary) in results)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "    run: {0:N0} MB/s wall; {1}", size / 1048576.0 / elapsed.TotalSeconds, summary));
        }
        folder.Delete(recursive: true);
    }
}
