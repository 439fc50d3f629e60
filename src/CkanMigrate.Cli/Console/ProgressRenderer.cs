using System.Diagnostics;
using System.Globalization;
using CkanMigrate.Reporting;
using Spectre.Console;

namespace CkanMigrate.Cli.Console;

/// <summary>
/// Shows a <see cref="ProgressCounter"/> on stderr while work runs: a Spectre.Console bar on a
/// terminal, a plain line every few seconds when stderr is a file or pipe, nothing with -q.
/// stdout stays clean for data (a dump without -O writes records there).
/// </summary>
public sealed class ProgressRenderer
{
    private readonly bool _quiet;
    private readonly TimeSpan _plainInterval;

    public ProgressRenderer(bool quiet, TimeSpan? plainInterval = null)
    {
        _quiet = quiet;
        _plainInterval = plainInterval ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>For multi-stage work: shows whichever counter is current, one stage after another (plain lines).</summary>
    public async Task<T> RunStagesAsync<T>(Func<ProgressCounter?> current, Func<Task<T>> work)
    {
        if (_quiet) return await work().ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ProgressCounter? shown = null;
        var running = work();
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(_plainInterval)).ConfigureAwait(false);
            var now = current();
            if (now is null || running.IsCompleted) continue;
            if (!ReferenceEquals(now, shown))
            {
                shown = now;
                clock.Restart();
            }
            await System.Console.Error.WriteLineAsync($"{now.Label}: {Describe(now, clock.Elapsed)}").ConfigureAwait(false);
        }
        return await running.ConfigureAwait(false);
    }

    public async Task<T> RunAsync<T>(ProgressCounter counter, Func<Task<T>> work)
    {
        if (_quiet) return await work().ConfigureAwait(false);
        if (!System.Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
            return await RunInteractiveAsync(counter, work).ConfigureAwait(false);
        return await RunPlainAsync(counter, work).ConfigureAwait(false);
    }

    private static async Task<T> RunInteractiveAsync<T>(ProgressCounter counter, Func<Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        var clock = Stopwatch.StartNew();
        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(counter.Label);
                var running = work();
                while (!running.IsCompleted)
                {
                    Update(task, counter, clock.Elapsed);
                    await Task.WhenAny(running, Task.Delay(200)).ConfigureAwait(false);
                }
                Update(task, counter, clock.Elapsed);
                result = await running.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    private static void Update(ProgressTask task, ProgressCounter counter, TimeSpan elapsed)
    {
        if (counter.Total is { } total)
        {
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(1, total);
        }
        else
        {
            task.IsIndeterminate = true;
        }
        task.Value = counter.Done;
        task.Description = Markup.Escape($"{counter.Label} {Describe(counter, elapsed)}");
    }

    private async Task<T> RunPlainAsync<T>(ProgressCounter counter, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var running = work();
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(_plainInterval)).ConfigureAwait(false);
            if (!running.IsCompleted)
                await System.Console.Error.WriteLineAsync($"{counter.Label}: {Describe(counter, clock.Elapsed)}").ConfigureAwait(false);
        }
        return await running.ConfigureAwait(false);
    }

    /// <summary>"12,000/50,000 (24%) 2,400/s ETA 0:00:15", or without total/ETA when the size is unknown.</summary>
    public static string Describe(ProgressCounter counter, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var done = counter.Done;
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var text = counter.Total is { } total && total > 0
            ? string.Format(inv, "{0:N0}/{1:N0} ({2:0}%) {3:N0}/s", done, total, 100.0 * done / total, rate)
            : string.Format(inv, "{0:N0} {1:N0}/s", done, rate);
        if (counter.Total is { } t && rate > 0 && t > done)
            text += " ETA " + TimeSpan.FromSeconds(Math.Ceiling((t - done) / rate)).ToString("c", inv);
        if (counter.Failed > 0) text += string.Format(inv, " ({0:N0} failed)", counter.Failed);
        if (counter.Bytes > 0)
            text += string.Format(inv, ", files {0:N1} MB at {1:N1} MB/s", counter.Bytes / 1048576.0, elapsed.TotalSeconds > 0 ? counter.Bytes / 1048576.0 / elapsed.TotalSeconds : 0);
        return text;
    }
}
