using System.Globalization;

namespace CkanMigrate.Bench;

/// <summary>
/// convert datasets --profile dgu and filter --since over a generated legacy dump, through the real
/// CLI: uncompressed MB/s and records/s (wall time of the whole process: start-up, reading, writing
/// and the final fsync included), MB per CPU-second (user + system time, on whatever core: what one
/// core can do when the disk does not hold it up), and peak RSS. Each step runs several times and the median run is
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
        Console.WriteLine("| step | MB/s (wall) | records/s | MB per CPU-second | peak RSS (MB) | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var steps = new (string Label, string[] Args)[]
        {
            ("convert datasets", ["convert", "datasets", "--profile", "dgu", "-I", input, "-O", Path.Combine(folder.FullName, "converted.jsonl"), "-q"]),
            ("filter --since (half kept)", ["filter", "--since", "2016-06-01T00:00:00", "-I", input, "-O", Path.Combine(folder.FullName, "filtered.jsonl"), "-q"]),
            // The floor for any step that writes what it reads: every line checked and written again.
            ("filter --since (all kept)", ["filter", "--since", "1970-01-01T00:00:00", "-I", input, "-O", Path.Combine(folder.FullName, "all.jsonl"), "-q"]),
        };
        foreach (var (label, args) in steps)
        {
            var results = new List<(TimeSpan Elapsed, long PeakRssBytes, string Summary, TimeSpan Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                var result = await ChildProcess.RunAsync(args);
                if (result.ExitCode != 0) throw new InvalidOperationException($"{label} failed: {result.Stderr}");
                results.Add((result.Elapsed, result.PeakRssBytes, result.Stderr.Trim().Split('\n')[^1], result.Cpu));
            }
            var median = results.OrderBy(r => r.Elapsed).ElementAt(results.Count / 2);
            var mb = size / 1048576.0;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:N0} | {5:0.0} |",
                label, mb / median.Elapsed.TotalSeconds, datasets / median.Elapsed.TotalSeconds, mb / median.Cpu.TotalSeconds,
                results.Max(r => r.PeakRssBytes) / 1048576.0, median.Elapsed.TotalSeconds));
            foreach (var (elapsed, _, summary, cpu) in results)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "    run: {0:N0} MB/s wall, {1:N0} MB per CPU-second ({2:0.0} s CPU); {3}",
                    mb / elapsed.TotalSeconds, mb / cpu.TotalSeconds, cpu.TotalSeconds, summary));
        }
        folder.Delete(recursive: true);
    }
}
