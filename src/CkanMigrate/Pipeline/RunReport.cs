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
        text.AppendLine("# ckan-migrate run report").AppendLine();
        text.AppendLine(inv, $"- from: `{options.From}`");
        text.AppendLine(inv, $"- to: `{options.To}`");
        text.AppendLine(inv, $"- profile: `{options.Profile}`; since: `{options.Since ?? "(everything)"}`{(result.Resumed ? "; resumed an interrupted run" : "")}");
        text.AppendLine(inv, $"- high-water mark (latest source metadata_modified): `{result.HighWaterMark ?? "(none)"}`").AppendLine();
        text.AppendLine("| stage | kind | outcomes | records | seconds | records/s |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in result.Stages)
        {
            var outcomes = string.Join(", ", s.Counts.Where(c => c.Count > 0 || c.Outcome is "created" or "converted" or "kept" or "written").Select(c => $"{c.Count} {c.Outcome}"));
            if (s.Note is not null) outcomes += $" ({s.Note})";
            text.AppendLine(inv, $"| {s.Stage} | {s.Kind} | {outcomes} | {s.Total} | {s.Seconds:0.0} | {s.Rate:0} |");
        }
        text.AppendLine();
        if (result.Pending.Count > 0)
        {
            text.AppendLine(inv, $"## Datasets still pending ({result.Pending.Count})").AppendLine();
            text.AppendLine("Rejected or failed in this run (reasons in the stage logs): the next run retries them whatever their timestamps.").AppendLine();
            foreach (var key in result.Pending.Take(200)) text.AppendLine(inv, $"- `{key}`");
            text.AppendLine();
        }
        if (result.GoneFromSource.Count > 0)
        {
            text.AppendLine(inv, $"## Datasets gone from the source since the last run ({result.GoneFromSource.Count})").AppendLine();
            text.AppendLine(result.DeletesPropagated ? "Deleted on the target (--propagate-deletes)." : "Left on the target; re-run with --propagate-deletes to delete them.").AppendLine();
            foreach (var id in result.GoneFromSource) text.AppendLine(inv, $"- `{id}`");
        }
        return text.ToString();
    }
}
