using System.Globalization;
using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Dumps N datasets from an in-process FakeCkan with a fixed latency per call, through the real CLI
/// in a child process, for --via search and --via show at several -p. Prints datasets/s, HTTP calls
/// and the CLI's peak RSS.
/// </summary>
internal static class DumpBenchmark
{
    public static async Task RunAsync(int datasets, int latencyMs, IReadOnlyList<string> variants)
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        Console.WriteLine($"seeding {datasets:N0} datasets ...");
        DatasetFactory.Fill(ckan, datasets);
        ckan.Faults.Latency = TimeSpan.FromMilliseconds(latencyMs);
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench");
        Console.WriteLine($"dump {datasets:N0} datasets, {latencyMs} ms latency per call");
        Console.WriteLine("| strategy | datasets/s | HTTP calls | peak RSS (MB) | wall (s) | output MB | client CPU (µs per dataset) | FakeCkan CPU (µs per dataset) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var variant in variants)
        {
            if (variant.StartsWith("ckanapi", StringComparison.Ordinal))
            {
                await CkanapiAsync(ckan, folder.FullName, variant, datasets);
                continue;
            }
            var args = new List<string> { "dump", "datasets", "--all", "-r", ckan.BaseUrl.ToString(), "-q", "-O", Path.Combine(folder.FullName, "out.jsonl") };
            var parts = variant.Split(':');
            args.AddRange(["--via", parts[0]]);
            if (parts.Length > 1) args.AddRange(["-p", parts[1]]);
            ckan.Calls.Reset();
            var serverBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var run = await ChildProcess.RunAsync(args, new Dictionary<string, string> { ["CKAN_API_KEY"] = ckan.SysadminToken });
            if (run.ExitCode != 0) throw new InvalidOperationException($"dump failed: {run.Stderr}");
            var server = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - serverBefore;
            var size = new FileInfo(Path.Combine(folder.FullName, "out.jsonl")).Length;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:0.0} | {5:N0} | {6:N0} | {7:N0} |",
                parts.Length > 1 ? $"{parts[0]} -p {parts[1]}" : parts[0], datasets / run.Elapsed.TotalSeconds, ckan.Calls.Total,
                run.PeakRssBytes / 1048576.0, run.Elapsed.TotalSeconds, size / 1048576.0, run.Cpu.TotalMicroseconds / datasets, server.TotalMicroseconds / datasets));
        }
        folder.Delete(recursive: true);
    }

    /// <summary>
    /// ckanapi's own dump (<c>ckanapi:P</c>: its -p) against the same server, for the ratio #13 asks
    /// for. The command is <c>$CKANAPI</c> (default: ckanapi on PATH; its folder is put first on the
    /// PATH, as its workers are started by name). It lists names with
    /// package_list, which leaves out private datasets on CKAN 2.10, so its rate counts the records it
    /// wrote. Its worker processes' CPU is not seen from the parent, so none is printed.
    /// </summary>
    private static async Task CkanapiAsync(FakeCkanServer ckan, string folder, string variant, int datasets)
    {
        var program = Environment.GetEnvironmentVariable("CKANAPI") ?? "ckanapi";
        var processes = variant.Split(':') is [_, var p] ? p : "1";
        var output = Path.Combine(folder, "ckanapi.jsonl");
        ckan.Calls.Reset();
        (int ExitCode, TimeSpan Elapsed, long PeakRssBytes, string Stderr, TimeSpan Cpu) run;
        try
        {
            run = await ChildProcess.RunProgramAsync(program,
                ["dump", "datasets", "--all", "--include-private", "--include-drafts", "-q", "-p", processes, "-O", output, "-r", ckan.BaseUrl.ToString().TrimEnd('/'), "-a", ckan.SysadminToken],
                // its workers are started as "ckanapi" by name
                new Dictionary<string, string> { ["PATH"] = $"{Path.GetDirectoryName(Path.GetFullPath(program))}:{Environment.GetEnvironmentVariable("PATH")}" });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine($"| ckanapi -p {processes} | not run: {program} not found (set CKANAPI to its command) | | | | | | |");
            return;
        }
        if (run.ExitCode != 0) throw new InvalidOperationException($"ckanapi failed: {run.Stderr}");
        var records = File.ReadLines(output).Count();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| ckanapi -p {0} ({1:N0} of {2:N0} records: package_list has no private ones) | {3:N0} | {4:N0} | {5:N0} | {6:0.0} | {7:N0} | — | — |",
            processes, records, datasets, records / run.Elapsed.TotalSeconds, ckan.Calls.Total, run.PeakRssBytes / 1048576.0, run.Elapsed.TotalSeconds,
            new FileInfo(output).Length / 1048576.0));
    }
}
