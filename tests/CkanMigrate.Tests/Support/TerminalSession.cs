using System.Diagnostics;
using System.Text;

namespace CkanMigrate.Tests.Support;

/// <summary>
/// The CLI on a real pseudo-terminal (util-linux <c>script</c>), for what only a terminal shows:
/// keys typed there reach the CLI through the terminal's line discipline, so Ctrl-C (byte 3) is the
/// SIGINT an operator's key press sends to the foreground process, and Ctrl-D ends the input.
/// </summary>
public sealed class TerminalSession : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    private TerminalSession(Process process) => _process = process;

    /// <summary>Starts <c>ckan-migrate ARGS</c> under <c>script</c>; stdout and stderr both come back as the terminal's output.</summary>
    public static TerminalSession Start(IEnumerable<string> args)
    {
        Assert.True(File.Exists("/usr/bin/script"), "util-linux script is needed to give the CLI a terminal");
        var command = $"exec dotnet {CliProcess.DllPath} {string.Join(' ', args)}";
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-qefc", command, "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment.Remove("CKAN_API_KEY");
        var session = new TerminalSession(Process.Start(start)!);
        session._process.OutputDataReceived += (_, e) => session.Received(e.Data);
        session._process.ErrorDataReceived += (_, e) => session.Received(e.Data);
        session._process.BeginOutputReadLine();
        session._process.BeginErrorReadLine();
        return session;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    private void Received(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var (text, seen) in _waits)
                if (_output.ToString().Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }

    /// <summary>Waits until the terminal shows <paramref name="text"/>; fails the test with what it showed if it does not in time.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal)) return;
            _waits.Add((text, seen));
        }
        if (await Task.WhenAny(seen.Task, Task.Delay(timeout)) != seen.Task)
            Assert.Fail($"the terminal did not show \"{text}\" within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Keys typed on the terminal, as they are (control characters included).</summary>
    public async Task TypeAsync(string keys)
    {
        await _process.StandardInput.WriteAsync(keys);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The exit code, or a failed test with the terminal's output if the program is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"still running {timeout.TotalSeconds:0} s later:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
