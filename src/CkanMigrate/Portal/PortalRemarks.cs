using CkanMigrate.Pipeline;

namespace CkanMigrate.Portal;

/// <summary>What the report of a run into a CKAN site says of the portal it does not move: the history, the kinds moved only when asked, and those turned off.</summary>
internal static class PortalRemarks
{
    public static IEnumerable<string> Of(RunOptions options)
    {
        if (!options.To.IsCkan) yield break;
        yield return $"the target's activity history starts at this migration: activity streams cannot be written back with their times (activity_create sets its own id and time); `ckan-migrate dump {PortalKinds.Activity.CliName} --all` keeps the source's as a read-only archive";
        var left = PortalKinds.All.Where(k => k.OnlyWhenAsked && !options.Moves(k)).Select(k => $"{k.CliName} (--{k.CliName})").ToList();
        if (left.Count > 0) yield return $"not moved unless asked for: {string.Join(", ", left)}";
        if (options.Declined.Count > 0)
            yield return $"not moved, as asked: {string.Join(", ", options.Declined.Order(StringComparer.Ordinal).Select(k => $"{k} (--no-{k})"))}; a later run without it moves them all, whatever --since says";
    }
}
