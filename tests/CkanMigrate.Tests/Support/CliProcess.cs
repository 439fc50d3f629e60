using System.Diagnostics;

namespace CkanMigrate.Tests.Support;

/// <summary>
/// Runs the real <c>ckan-migrate</c> program as a child process, so tests see true exit codes,
/// stdout/stderr and files exactly as an operator would, with no shared Console state.
/// </summary>
public static class CliProcess
{
    private static readonly string Dll = FindCliDll();

    /// <summary>The CLI's dll, for tests that must start it some other way (e.g. under a terminal).</summary>
    public static string DllPath => Dll;

    /// <summary>
    /// The CLI's own build output (bin/CONFIG/net10.0 of src/CkanMigrate.Cli), not a copy next to the
    /// tests: the test folder also holds ASP.NET assemblies for FakeCkan that the CLI must not see.
    /// </summary>
    private static string FindCliDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        for (var dir = testBin; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CkanMigrate.Cli", "bin", configuration, framework, "ckan-migrate.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("ckan-migrate.dll not built next to the tests");
    }

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null,
        string? workingDirectory = null, TimeSpan? timeout = null, byte[]? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("CKAN_API_KEY");
        start.Environment.Remove("CKAN_SOURCE_API_KEY");
        start.Environment.Remove("CKAN_TARGET_API_KEY");
        if (env is not null)
            foreach (var (k, v) in env) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.BaseStream.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var peak = WatchPeakRss(process.Id, process);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ckan-migrate {string.Join(' ', args)} did not finish");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr) { PeakRssBytes = await peak };
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    /// <summary>Starts the program, waits until <paramref name="interruptWhen"/> holds, then sends it SIGINT (Ctrl-C).</summary>
    /// <summary>
    /// Runs the CLI and hands <paramref name="arm"/> a way to interrupt it, to be called from inside
    /// FakeCkan at an exact moment (e.g. <c>Faults.ChangeAfter</c>): no polling to fall behind. The
    /// signal is SIGTERM, which the CLI handles as Ctrl-C: a test run started in the background
    /// (<c>cmd &amp;</c>) passes SIGINT on as ignored, and the CLI would never see it.
    /// </summary>
    public static async Task<CliResult> RunInterruptedByAsync(IEnumerable<string> args, IDictionary<string, string?> env, Action<Action> arm)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var pid = process.Id;
        arm(() => SendSignal(pid, SigTerm));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private const int SigTerm = 15;

    /// <summary>The kernel's high-water mark of the child's resident memory, read until it exits (Linux /proc).</summary>
    private static async Task<long?> WatchPeakRss(int pid, Process process)
    {
        long? peak = null;
        while (!process.HasExited)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync($"/proc/{pid}/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                break; // exited between the check and the read
            }
            await Task.Delay(25);
        }
        return peak;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
