using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Bench;

/// <summary>
/// convert datasets and filter with gzip in and out, as operators keep dumps, and plain (#13 §3):
/// wall MB/s of the uncompressed data, and what gzip alone costs on this machine, measured apart:
/// inflating the input (one stream cannot be inflated on more than one core) and deflating the
/// output (1 MB blocks, one core and all). For the one-core figures run it under <c>taskset -c 0</c>.
/// </summary>
internal static class ConvertGzipBenchmark
{
    public static async Task RunAsync(int datasets, int runs)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench-gzip");
        var plain = Path.Combine(folder.FullName, "legacy-datasets.jsonl");
        await LegacyDumpGenerator.WriteAsync(plain, datasets, escaped: false);
        var input = plain + ".gz";
        await using (var from = File.OpenRead(plain))
        await using (var to = new GZipStream(File.Create(input), CompressionLevel.Optimal)) // what gzip (-6) makes
            await from.CopyToAsync(to);
        var mb = new FileInfo(plain).Length / 1048576.0;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:N0} legacy datasets: {1:N0} MB, {2:N0} MB gzipped; {3} cores",
            datasets, mb, new FileInfo(input).Length / 1048576.0, Environment.ProcessorCount));

        // The timings below run on a pool thread that blocks on each block's compression (as a stream's
        // Write must); with the pool's minimum of one thread per core, that left one core to compress on
        // and "2 threads" measured one. The CLI is not affected (its writer waits while the converting
        // batches keep the cores busy: same wall with 6 pool threads forced), so only the bench raises it.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount + 2), ports);
        Console.WriteLine("| gzip alone (in-process) | MB/s of uncompressed data |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| inflate the input (one stream, one core) | {0:N0} |", mb / Time(() =>
        {
            using var gzip = new GZipStream(File.OpenRead(input), CompressionMode.Decompress);
            gzip.CopyTo(Stream.Null);
        })));
        foreach (var level in new[] { 1, 6 })
            foreach (var threads in new[] { 1, Environment.ProcessorCount })
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| deflate, level {0}, {1} thread(s) | {2:N0} |", level, threads, mb / Time(() =>
                {
                    using var from = File.OpenRead(plain);
                    using var gzip = new ParallelGzipStream(Stream.Null, level, threads);
                    from.CopyTo(gzip);
                })));

        Console.WriteLine("| CLI step | MB/s (wall) | MB per CPU-second | peak RSS (MB) | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (label, args) in new (string, string[])[]
                 {
                     ("convert datasets, plain in and out", ["convert", "datasets", "--profile", "dgu", "-I", plain, "-O", Path.Combine(folder.FullName, "converted.jsonl"), "-q"]),
                     ("convert datasets, gzip in and out", ["convert", "datasets", "--profile", "dgu", "-I", input, "-O", Path.Combine(folder.FullName, "converted.jsonl.gz"), "-q"]),
                     ("filter --since (all kept), plain", ["filter", "--since", "1970-01-01T00:00:00", "-I", plain, "-O", Path.Combine(folder.FullName, "all.jsonl"), "-q"]),
                     ("filter --since (all kept), gzip in and out", ["filter", "--since", "1970-01-01T00:00:00", "-I", input, "-O", Path.Combine(folder.FullName, "all.jsonl.gz"), "-q"]),
                 })
        {
            var results = new List<(TimeSpan Elapsed, long Rss, TimeSpan Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                var result = await ChildProcess.RunAsync(args);
                if (result.ExitCode != 0) throw new InvalidOperationException($"{label} failed: {result.Stderr}");
                results.Add((result.Elapsed, result.PeakRssBytes, result.Cpu));
            }
            var median = results.OrderBy(r => r.Elapsed).ElementAt(results.Count / 2);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:0.0} |",
                label, mb / median.Elapsed.TotalSeconds, mb / median.Cpu.TotalSeconds, results.Max(r => r.Rss) / 1048576.0, median.Elapsed.TotalSeconds));
        }
        folder.Delete(recursive: true);
    }

    private static double Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds;
    }
}
