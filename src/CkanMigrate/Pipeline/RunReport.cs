using System.Globalization;
using System.Text;

namespace CkanMigrate.Pipeline;

/// <summary>The run report as a Markdown table: per stage and kind, the count of each outcome, time and rate.</summary>
public static class RunReport
{
    public static string Markdown(RunOptions options, RunResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(result.DryRun ? "# ckan-migrate run report — DRY RUN: nothing was written to the target" : "# ckan-migrate run report").AppendLine();
        text.AppendLine(inv, $"- from: `{options.From}`");
        text.AppendLine(inv, $"- to: `{options.To}`");
        text.AppendLine(inv, $"- profile: `{options.Profile}`; since: `{options.Since ?? "(everything)"}`{(result.Resumed ? "; resumed an interrupted run" : "")}");
        text.AppendLine(inv, $"- high-water mark (latest source metadata_modified): `{result.HighWaterMark ?? "(none)"}`");
        foreach (var notice in result.Notices) text.AppendLine(inv, $"- **{notice}**");
        foreach (var remark in result.Remarks) text.AppendLine(inv, $"- {remark}");
        if (result.DryRun)
            text.AppendLine("- dry run: `plan` rows say what a run would make of each record; no file was fetched or sent, no DataStore table read, and the work folder's state is as it was");
        text.AppendLine();
        text.AppendLine("| stage | kind | outcomes | records | seconds | records/s |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in result.Stages)
        {
            var outcomes = string.Join(", ", s.Counts.Where(c => c.Count > 0 || c.Outcome is "created" or "converted" or "kept" or "written").Select(c => $"{c.Count} {c.Outcome}"));
            if (s.Note is not null) outcomes += $" ({s.Note})";
            text.AppendLine(inv, $"| {s.Stage} | {s.Kind} | {outcomes} | {s.Total} | {s.Seconds:0.0} | {s.Rate:0} |");
        }
        text.AppendLine();
        Target(text, result);
        var warnings = result.Stages.SelectMany(st => st.Warnings.Select(w => $"{st.Stage} {st.Kind}: {w}")).ToList();
        if (warnings.Count > 0)
        {
            text.AppendLine(inv, $"## Warnings ({warnings.Count})").AppendLine();
            foreach (var w in warnings) text.AppendLine(inv, $"- {w}");
            text.AppendLine();
        }
        if (result.Problems > 0)
        {
            text.AppendLine(inv, $"## Rejected or failed ({result.Problems})").AppendLine();
            foreach (var st in result.Stages.Where(st => st.Problems > 0))
            {
                var lines = st.RejectsPath is null ? "" : $"; the rejected lines, unchanged, in `{st.RejectsPath}`";
                text.AppendLine(inv, $"- {st.Stage} {st.Kind}: {st.Problems}, every reason in `{st.LogPath}`{lines}");
                foreach (var reason in st.FirstProblems) text.AppendLine(inv, $"  - {reason}");
            }
            text.AppendLine();
        }
        var skipped = result.Stages.Where(st => st.FirstSkipped.Count > 0).ToList();
        if (skipped.Count > 0)
        {
            text.AppendLine("## Skipped by a rule").AppendLine();
            foreach (var st in skipped)
            {
                var count = st.Counts.Where(c => c.Outcome == "skipped").Sum(c => c.Count);
                var more = count > st.FirstSkipped.Count ? $", the first {st.FirstSkipped.Count} here, all in `{st.LogPath}`" : "";
                text.AppendLine(inv, $"- {st.Stage} {st.Kind}: {count} skipped{more}");
                foreach (var reason in st.FirstSkipped) text.AppendLine(inv, $"  - {reason}");
            }
            text.AppendLine();
        }
        if (result.Pending.Count > 0)
        {
            text.AppendLine(inv, $"## Datasets still pending ({result.Pending.Count})").AppendLine();
            text.AppendLine("Rejected or failed in this run (reasons in the stage logs): the next run retries them whatever their timestamps.").AppendLine();
            foreach (var key in result.Pending.Take(200)) text.AppendLine(inv, $"- `{key}`");
            text.AppendLine();
        }
        Deletes(text, result.Deletes);
        return text.ToString();
    }

    /// <summary>What the target is, and the records that do not fit it as they are, grouped by reason with counts.</summary>
    private static void Target(StringBuilder text, RunResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        if (result.Target.Count > 0)
        {
            text.AppendLine("## Target").AppendLine();
            foreach (var line in result.Target) text.AppendLine(inv, $"- {line}");
            text.AppendLine();
        }
        var unfit = result.Stages.Where(s => s.Unfit.Count > 0).ToList();
        if (unfit.Count == 0) return;
        var total = unfit.Sum(s => s.Unfit.Sum(u => u.Count));
        text.AppendLine(inv, $"## {(result.DryRun ? "Would not fit the target" : "Did not fit the target")} ({total})").AppendLine();
        text.AppendLine("Fix them at the source or with a profile rule; each record and its reason is in the stage's log.").AppendLine();
        foreach (var stage in unfit)
            foreach (var (reason, count, examples) in stage.Unfit)
                text.AppendLine(inv, $"- {stage.Kind}: {count} × {reason} (e.g. {string.Join(", ", examples.Select(e => $"`{e}`"))})");
        text.AppendLine();
    }

    /// <summary>Datasets gone from the source: in the words that fit how it was found out, and what was (or would be) done.</summary>
    private static void Deletes(StringBuilder text, DeleteOutcome deletes)
    {
        var inv = CultureInfo.InvariantCulture;
        if (deletes.Gone.Count > 0)
        {
            var found = deletes.FromFolder ? "Absent from the source folder, which records a complete dump" : "Confirmed gone at the source (package_show: not found or deleted)";
            text.AppendLine(inv, $"## Datasets {(deletes.FromFolder ? "absent from the source folder" : "gone from the source")} ({deletes.Gone.Count})").AppendLine();
            text.AppendLine(deletes switch
            {
                { HeldBack: true } => $"{found}. **Nothing was deleted**: {deletes.Gone.Count} is more than this run may delete ({deletes.Limit}: 10 or 1% of the target's datasets unless --max-deletes says otherwise). Check the list below; if it is right, re-run with --propagate-deletes --max-deletes {deletes.Gone.Count}.",
                { Planned: true } => $"{found}. A run with --propagate-deletes would delete them on the target (within the limit of {deletes.Limit}).",
                { Propagated: true } => $"{found}; deleted on the target (--propagate-deletes), outcomes in 5-delete/datasets.log.",
                _ => $"{found}; left on the target. They are kept for later: re-run with --propagate-deletes to delete them.",
            }).AppendLine();
            foreach (var id in deletes.Gone) text.AppendLine(inv, $"- `{id}`");
            text.AppendLine();
        }
        if (deletes.AbsentUnproven.Count > 0)
        {
            text.AppendLine(inv, $"## Absent from the source folder, never deleted ({deletes.AbsentUnproven.Count})").AppendLine();
            text.AppendLine(inv, $"The folder proves nothing about them: {deletes.FolderNotComplete}. The next run looks again.").AppendLine();
            foreach (var id in deletes.AbsentUnproven) text.AppendLine(inv, $"- `{id}`");
            text.AppendLine();
        }
        if (deletes.StillAtSource.Count > 0)
        {
            text.AppendLine(inv, $"## Missing from this dump but still at the source ({deletes.StillAtSource.Count})").AppendLine();
            text.AppendLine("Never deleted: the dump did not list or fetch them (see 1-dump/datasets.log); the next run looks again.").AppendLine();
            foreach (var id in deletes.StillAtSource) text.AppendLine(inv, $"- `{id}`");
            text.AppendLine();
        }
    }
}
