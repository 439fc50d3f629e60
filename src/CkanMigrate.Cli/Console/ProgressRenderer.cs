using System.Globalization;
using CkanMigrate.Reporting;
using Spectre.Console;

namespace CkanMigrate.Cli.Console;

/// <summary>
/// Shows <see cref="ProgressCounter"/>s on stderr while work runs: live Spectre.Console bars on a
/// terminal (one per stage, finished ones kept with their totals), plain lines when stderr is a
/// file or pipe (each running stage every few seconds, and every stage once more when it ends, so a
/// stage shorter than the interval still appears), nothing with -q. stdout stays clean for data.
/// </summary>
internal sealed class ProgressRenderer
{
    /// <summary>Seconds between plain progress lines (default 5): for logs that want more or fewer.</summary>
    public const string IntervalVariable = "CKAN_MIGRATE_PROGRESS_SECONDS";

    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private readonly bool _quiet;
    private readonly TimeSpan _plainInterval;

    public ProgressRenderer(bool quiet)
    {
        _quiet = quiet;
        _plainInterval = double.TryParse(Environment.GetEnvironmentVariable(IntervalVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(5);
    }

    /// <summary>One stage: its counter's clock starts with the work.</summary>
    public Task<T> RunAsync<T>(ProgressCounter counter, Func<Task<T>> work)
    {
        counter.Start();
        return RunStagesAsync(() => [counter], async () =>
        {
            var result = await work().ConfigureAwait(false);
            counter.Finish();
            return result;
        });
    }

    /// <summary>Many stages, one after another: <paramref name="stages"/> gives those begun so far, in order.</summary>
    public async Task<T> RunStagesAsync<T>(Func<IReadOnlyList<ProgressCounter>> stages, Func<Task<T>> work)
    {
        if (_quiet) return await work().ConfigureAwait(false);
        // Decided on stderr itself: stdout may be a file (dump without -O piped on) while stderr is the terminal.
        // (Spectre's own detection looks at stdout.)
        if (!System.Console.IsErrorRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error), Interactive = InteractionSupport.Yes });
            if (console.Profile.Capabilities.Ansi) return await RunLiveAsync(console, stages, work).ConfigureAwait(false);
        }
        return await RunPlainAsync(stages, work).ConfigureAwait(false);
    }

    private static async Task<T> RunLiveAsync<T>(IAnsiConsole console, Func<IReadOnlyList<ProgressCounter>> stages, Func<Task<T>> work)
    {
        T result = default!;
        // Percent and ETA are in each stage's own words (as in the plain lines), so no Spectre columns repeat them.
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<ProgressCounter, ProgressTask>(ReferenceEqualityComparer.Instance);
                var running = work();
                while (true)
                {
                    foreach (var counter in stages())
                    {
                        if (!tasks.TryGetValue(counter, out var task)) tasks[counter] = task = ctx.AddTask(Markup.Escape(Title(counter)));
                        Update(task, counter);
                    }
                    if (running.IsCompleted) break;
                    await Task.WhenAny(running, Task.Delay(Refresh)).ConfigureAwait(false);
                }
                result = await running.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    private static void Update(ProgressTask task, ProgressCounter counter)
    {
        task.IsIndeterminate = counter.Total is null && !counter.IsFinished;
        task.MaxValue = Math.Max(1, counter.Total ?? counter.Done);
        task.Value = counter.Done;
        task.Description = Markup.Escape($"{Title(counter)} {Describe(counter)}");
        if (counter.IsFinished)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private async Task<T> RunPlainAsync<T>(Func<IReadOnlyList<ProgressCounter>> stages, Func<Task<T>> work)
    {
        var ended = new HashSet<ProgressCounter>(ReferenceEqualityComparer.Instance);
        var nextLine = DateTime.UtcNow + _plainInterval;
        var running = work();
        while (true)
        {
            var due = DateTime.UtcNow >= nextLine;
            foreach (var counter in stages())
            {
                if (counter.IsFinished)
                {
                    if (ended.Add(counter)) await System.Console.Error.WriteLineAsync($"{Title(counter)}: {Describe(counter)}").ConfigureAwait(false);
                }
                else if (due && !running.IsCompleted)
                {
                    await System.Console.Error.WriteLineAsync($"{Title(counter)}: {Describe(counter)}").ConfigureAwait(false);
                }
            }
            if (due) nextLine = DateTime.UtcNow + _plainInterval;
            if (running.IsCompleted) break;
            await Task.WhenAny(running, Task.Delay(Refresh)).ConfigureAwait(false);
        }
        return await running.ConfigureAwait(false);
    }

    /// <summary>The stage's name, with its place among a run's stages where it has one: "stage 4 of 11: load datasets".</summary>
    public static string Title(ProgressCounter counter) =>
        counter.Stage is var (number, of) ? string.Format(CultureInfo.InvariantCulture, "stage {0} of {1}: {2}", number, of, counter.Label) : counter.Label;

    /// <summary>
    /// "12,000/50,000 (24%) 2,400/s ETA 0:00:15" while running; "done: 50,000 in 0:00:21 (2,380/s)" at
    /// the end. No rate (nor ETA) until there is one: a second of work and a record done.
    /// </summary>
    public static string Describe(ProgressCounter counter)
    {
        var inv = CultureInfo.InvariantCulture;
        var done = counter.Done;
        var elapsed = counter.Elapsed;
        var rate = counter.Rate;
        string text;
        if (counter.IsFinished)
        {
            text = string.Format(inv, "done: {0:N0} in {1}", done, Clock(elapsed));
            if (rate is { } r) text += string.Format(inv, " ({0:N0}/s)", r);
        }
        else
        {
            text = counter.Total is { } total && total > 0
                ? string.Format(inv, "{0:N0}/{1:N0} ({2:0}%)", done, total, Math.Min(100, 100.0 * done / total))
                : string.Format(inv, "{0:N0}", done);
            if (rate is { } r)
            {
                text += string.Format(inv, " {0:N0}/s", r);
                if (counter.Total is { } t && t > done) text += " ETA " + Clock(TimeSpan.FromSeconds(Math.Ceiling((t - done) / r)));
            }
        }
        if (counter.Failed > 0) text += string.Format(inv, ", {0:N0} failed", counter.Failed);
        if (counter.Bytes > 0)
        {
            text += string.Format(inv, ", files {0:N1} MB", counter.Bytes / 1048576.0);
            if (elapsed.TotalSeconds >= 1) text += string.Format(inv, " at {0:N1} MB/s", counter.Bytes / 1048576.0 / elapsed.TotalSeconds);
        }
        return text;
    }

    private static string Clock(TimeSpan span) => span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
