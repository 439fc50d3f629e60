using System.Globalization;

namespace CkanMigrate.Bench;

/// <summary>
/// convert datasets --profile dgu and filter --since over a generated legacy dump, through the real
/// CLI: uncompressed MB/s and records/s (wall time of the whole process), and peak RSS.
/// </summary>
internal static class ConvertBenchmark
{
    public static async Task RunAsync(int datasets)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench");
        var input = Path.Combine(folder.FullName, "legacy-datasets.jsonl");
        await LegacyDumpGenerator.WriteAsync(input, datasets);
        var size = new FileInfo(input).Length;
        Console.WriteLine($"{datasets:N0} legacy datasets, {size / 1048576.0:N0} MB uncompressed");
        Console.WriteLine("| step | MB/s | records/s | peak RSS (MB) | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        var steps = new (string Label, string[] Args)[]
        {
            ("convert datasets", ["convert", "datasets", "--profile", "dgu", "-I", input, "-O", Path.Combine(folder.FullName, "converted.jsonl"), "-q"]),
            ("filter --since (half kept)", ["filter", "--since", "2016-06-01T00:00:00", "-I", input, "-O", Path.Combine(folder.FullName, "filtered.jsonl"), "-q"]),
        };
        foreach (var (label, args) in steps)
        {
            var run = await ChildProcess.RunAsync(args);
            if (run.ExitCode != 0) throw new InvalidOperationException($"{label} failed: {run.Stderr}");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:0.0} |",
                label, size / 1048576.0 / run.Elapsed.TotalSeconds, datasets / run.Elapsed.TotalSeconds, run.PeakRssBytes / 1048576.0, run.Elapsed.TotalSeconds));
            Console.WriteLine("    " + run.Stderr.Trim().Split('\n')[^1]);
        }
        folder.Delete(recursive: true);
    }
}
