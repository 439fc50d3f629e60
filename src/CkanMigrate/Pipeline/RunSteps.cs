using CkanMigrate.Reporting;

namespace CkanMigrate.Pipeline;

/// <summary>
/// The one contract of every step of a run: its files are opened (per its <see cref="StageLayout"/>),
/// the work runs, the outcome counts are checked to add up, the files are put in place, and the
/// result is recorded in the run state. A step a resumed run already finished is skipped and its
/// recorded result reported again, unless later steps need its work done in memory
/// (<c>redoOnResume</c>: the delete steps, which are safe to repeat).
/// </summary>
internal sealed class RunSteps(RunState state, Action<ProgressCounter>? watch)
{
    private readonly List<StageResult> _done = [];
    private ProgressCounter? _current;
    private string? _step;

    /// <summary>The steps expected to show progress (<see cref="RunPlan"/>): each counter is told its place among them.</summary>
    public IReadOnlyList<string> Plan { get; set; } = [];

    /// <summary>Every step's result so far, a step of two kinds as its parts.</summary>
    public IReadOnlyList<StageResult> Results => _done.ToList();

    /// <param name="hideWhenEmpty">a step that found nothing to do and nothing to say is left out of the report (a portal kind the source has none of)</param>
    public async Task<StageResult> StepAsync(string stage, string kind, StageLayout? layout, Func<StageFiles?, Task<StageResult>> work, bool redoOnResume = false,
        bool hideWhenEmpty = false)
    {
        var step = $"{stage}:{kind}";
        if (state.IsDone(step) && !redoOnResume)
        {
            var earlier = StepRecord.Read(stage, kind, state.Step(step)!);
            if (!(hideWhenEmpty && IsEmpty(earlier))) Record(earlier);
            return earlier;
        }
        StageResult result;
        _current = null;
        _step = step;
        if (layout is null) result = await work(null).ConfigureAwait(false);
        else
        {
            await using var files = StageFiles.Open(layout);
            result = await work(files).ConfigureAwait(false);
            _current?.Finish();
            result.EnsureAddsUp();
            await files.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            result = Placed(result, files, layout);
        }
        if (!(hideWhenEmpty && IsEmpty(result))) Record(result);
        state.MarkDone(step, StepRecord.Write(result));
        return result;
    }

    private static bool IsEmpty(StageResult result) => result.Total == 0 && result.Problems == 0 && result.Warnings.Count == 0;

    /// <summary>Hands a stage's counter to whatever renders progress; the step finishes it when the stage is done.</summary>
    public ProgressCounter Watch(ProgressCounter counter)
    {
        _current = counter;
        // Numbered before anyone sees it: "stage 4 of 11". A step the plan does not know stays unnumbered.
        var index = Plan.TakeWhile(planned => planned != _step).Count();
        if (index < Plan.Count) counter.Stage = (index + 1, Plan.Count);
        watch?.Invoke(counter);
        return counter;
    }

    /// <summary>Where the stage's words are: its log, its rejects file (when it rejected any), its first problems and skips.</summary>
    private static StageResult Placed(StageResult result, StageFiles files, StageLayout layout)
    {
        // The parts of a step share its log: each gets the entries that name its file (users line 4, organizations.jsonl line 2).
        IReadOnlyList<string> Mine(IReadOnlyList<string> entries, StageResult r) =>
            result.Parts.Count == 0 ? entries : entries.Where(e => e.StartsWith(r.Kind + " ", StringComparison.Ordinal) || e.StartsWith(r.Kind + ".", StringComparison.Ordinal)).ToList();
        StageResult Place(StageResult r) => r with
        {
            FirstProblems = Mine(files.Log.FirstProblems, r),
            FirstSkipped = Mine(files.Log.FirstSkipped, r),
            LogPath = layout.LogPath,
            RejectsPath = layout.Rejects && r.Counts.Any(c => c.Outcome == "rejected" && c.Count > 0) ? layout.RejectsPath : null,
        };
        return Place(result) with { Parts = result.Parts.Select(Place).ToList() };
    }

    /// <summary>A step's result, or its parts (one row per kind) when it has them.</summary>
    private void Record(StageResult result)
    {
        if (result.Parts.Count > 0) _done.AddRange(result.Parts);
        else _done.Add(result);
    }
}
