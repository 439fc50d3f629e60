using System.Diagnostics;

namespace CkanMigrate.Bench;

/// <summary>Runs ckan-migrate as a child process and records its wall time, CPU time (user + system, as last seen) and peak RSS (VmHWM).</summary>
internal static class ChildProcess
{
    public static string CliDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CkanMigrate.Cli", "bin", bin.Parent!.Name, bin.Name, "ckan-migrate.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("build src/CkanMigrate.Cli first");
    }

    public static Task<(int ExitCode, TimeSpan Elapsed, long PeakRssBytes, string Stderr, TimeSpan Cpu)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? env = null) =>
        RunProgramAsync("dotnet", args.Prepend(CliDll()), env);

    /// <summary>Any program, measured the same way (the dump bench runs ckanapi beside us).</summary>
    public static async Task<(int ExitCode, TimeSpan Elapsed, long PeakRssBytes, string Stderr, TimeSpan Cpu)> RunProgramAsync(string program, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        // GC settings given to the bench (e.g. DOTNET_gcServer=1 for its FakeCkans' big heaps) are not the CLI's: it runs as shipped.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_GC", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(inherited);
        if (env is not null) foreach (var (k, v) in env) start.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        long peak = 0;
        var cpu = TimeSpan.Zero;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ReadPeakRss(process.Id));
            cpu = ReadCpu(process.Id) ?? cpu;
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(20));
        }
        await process.WaitForExitAsync();
        clock.Stop();
        await stdout;
        return (process.ExitCode, clock.Elapsed, peak, await stderr, cpu);
    }

    /// <summary>
    /// utime + stime from /proc/PID/stat (clock ticks of 10 ms): the CPU the process used so far on
    /// any core, kernel work for its reads and writes included, I/O waits not. Read every 20 ms, so
    /// the last moments before exit are missed.
    /// </summary>
    private static TimeSpan? ReadCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // fields 14 and 15 of proc(5)
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>VmHWM from /proc: the resident set's high-water mark so far.</summary>
    private static long ReadPeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
