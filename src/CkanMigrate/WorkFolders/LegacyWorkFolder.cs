using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CkanMigrate.Entities;

namespace CkanMigrate.WorkFolders;

/// <summary>
/// A work folder of an earlier version, which wrote no pair.json: its pair is read from what it did
/// write — the last report's from/to/profile lines, or the unfinished run's options in state.json.
/// Only URLs and paths are known there (no site_url), so only the same URLs and paths match.
/// </summary>
internal static partial class LegacyWorkFolder
{
    public static WorkPair? PairOf(string folder) => FromReport(Path.Combine(folder, "report.md")) ?? FromState(Path.Combine(folder, "state.json"));

    /// <summary>run's report (from, to, profile lines) or verify's (source … through profile, target), whichever was written last.</summary>
    private static WorkPair? FromReport(string path)
    {
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path);
        if (RunLines().Match(text) is { Success: true } run) return Pair(run.Groups[1].Value, run.Groups[2].Value, run.Groups[3].Value);
        if (VerifyLines().Match(text) is { Success: true } verify) return Pair(verify.Groups[1].Value, verify.Groups[3].Value, verify.Groups[2].Value);
        return null;
    }

    /// <summary>An unfinished run's options: "from|to|profile|…" (RunOptions.Fingerprint of the earlier version).</summary>
    private static WorkPair? FromState(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["run"]?["options"]?.GetValue<string>()?.Split('|') is [var from, var to, var profile, ..]
                ? Pair(from, to, profile)
                : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static WorkPair Pair(string from, string to, string profile) => new(End(from), End(to), profile);

    private static EndIdentity End(string text) => Endpoint.Parse(text, null) is var end && end.IsCkan
        ? EndIdentity.Of(end, null)
        : new EndIdentity(null, null, Path.TrimEndingDirectorySeparator(text));

    [GeneratedRegex(@"^- from: `([^`]*)`\n- to: `([^`]*)`\n- profile: `([^`]*)`", RegexOptions.Multiline)]
    private static partial Regex RunLines();

    [GeneratedRegex(@"^- source: `([^`]*)` through profile `([^`]*)`\n- target: `([^`]*)`", RegexOptions.Multiline)]
    private static partial Regex VerifyLines();
}
