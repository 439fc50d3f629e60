using System.Diagnostics;

namespace CkanMigrate.Tests.Support;

/// <summary>
/// Runs the CLI with a small disk of its own mounted on a folder: read-only, or a few KB that fill
/// up. Tests run as root here, and root writes through any chmod, so a read-only or full folder is
/// made for real: a tmpfs mounted in a private mount namespace (util-linux unshare), seen by the CLI
/// alone and gone with it, so nothing is left mounted on the machine however the test ends.
/// </summary>
public static class ConfinedDisk
{
    /// <summary>Prefixed to the line listing what the folder held once the CLI had exited.</summary>
    public const string LeftMarker = "left in the folder:";

    /// <param name="folder">made here, then the tmpfs is mounted on it</param>
    /// <param name="mountOptions">tmpfs options, e.g. "ro" or "size=64k"</param>
    public static async Task<CliResult> RunAsync(string folder, string mountOptions, IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        Assert.True(File.Exists("/usr/bin/unshare"), "util-linux unshare is needed to give the CLI a disk of its own");
        Directory.CreateDirectory(folder);
        // After the CLI exits, the folder's entries (temp files included) are listed on stdout: what a failure left behind.
        const string script = """
            mount -t tmpfs -o "$1" tmpfs "$2" || exit 99
            folder="$2"; shift 2
            dotnet "$@"; code=$?
            echo "LEFT $(ls -A "$folder" | tr '\n' ' ')"
            exit $code
            """;
        var start = new ProcessStartInfo("/usr/bin/unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--mount", "--map-root-user", "sh", "-c", script.Replace("LEFT", LeftMarker, StringComparison.Ordinal), "sh", mountOptions, folder, CliProcess.DllPath })
            start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("CKAN_API_KEY");
        if (env is not null)
            foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode != 99, $"could not mount a tmpfs in a private namespace: {await stderr}");
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>What the folder held after the CLI exited, as listed by <see cref="RunAsync"/>.</summary>
    public static string LeftIn(CliResult result) =>
        result.Stdout.Split('\n').Single(l => l.StartsWith(LeftMarker, StringComparison.Ordinal))[LeftMarker.Length..].Trim();
}
