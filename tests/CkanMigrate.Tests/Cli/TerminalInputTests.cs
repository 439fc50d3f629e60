using System.Diagnostics;
using System.Text;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §2: `load` with no -I and a terminal on stdin says it is reading standard input (an
/// operator who forgot -I would otherwise see nothing happen). The terminal is a real pseudo-terminal
/// made by util-linux `script`; a record typed there and Ctrl-D load as from a file.
/// </summary>
public sealed class TerminalInputTests
{
    [Fact]
    public async Task Load_from_a_terminal_says_it_reads_standard_input_and_takes_what_is_typed()
    {
        Assert.True(File.Exists("/usr/bin/script"), "util-linux script is needed to give the CLI a terminal");
        await using var ckan = await FakeCkanServer.StartAsync();
        var organization = Seed.Organization(ckan, "org");
        var command = $"dotnet {CliProcess.DllPath} load datasets -r {ckan.BaseUrl.AbsoluteUri} -a {ckan.SysadminToken} -q";
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-qefc", command, "/dev/null" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var seen = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.Contains("reading records from standard input", StringComparison.Ordinal) == true) seen.TrySetResult();
        };
        process.BeginOutputReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        try
        {
            await seen.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) Assert.Fail($"no word of standard input within a minute:\n{output}");
        }

        // Typed as a person would: the line, then Ctrl-D on its own once the line is in.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await process.StandardInput.WriteAsync($"{{\"name\":\"typed\",\"title\":\"Typed\",\"owner_org\":\"{organization["id"]}\"}}\n");
        await process.StandardInput.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await process.StandardInput.WriteAsync("\u0004");
        await process.StandardInput.FlushAsync();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) Assert.Fail($"the typed input did not end the load:\n{output}");
        }

        string text;
        lock (output) text = output.ToString();
        Assert.Contains("reading records from standard input, one JSON object per line (Ctrl-D ends the input, Ctrl-C stops)", text);
        Assert.Contains("1 created", text);
        Assert.Equal(1, ckan.Calls["package_create"]);
    }
}
