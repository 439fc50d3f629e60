namespace CkanMigrate.Preflight;

/// <summary>What the target answered to a probe about one thing: refused (with its words), taken, or not known (the key may not ask).</summary>
internal sealed record ProbeVerdict(bool? Refused, string? Reason)
{
    public static readonly ProbeVerdict Taken = new(false, null);
    public static readonly ProbeVerdict Unknown = new(null, null);

    public static ProbeVerdict RefusedBecause(string reason) => new(true, reason);
}
