using CkanMigrate.Load;

namespace CkanMigrate.Portal;

/// <summary>A portal kind's load: the outcome of every line (as a core kind's), and the writes that made them.</summary>
public sealed class PortalLoadSummary
{
    public LoadSummary Load { get; } = new();

    /// <summary>Why the target cannot hold the kind at all (every record was rejected with it), or null.</summary>
    public string? TargetLacks { get; set; }

    /// <summary>The writes, by what they were ("views created" → 12).</summary>
    public IReadOnlyDictionary<string, long> Writes { get; set; } = new Dictionary<string, long>();

    /// <summary>What the writer had to say beyond the outcomes (an API token it could not revoke).</summary>
    public IReadOnlyList<string> Warnings { get; set; } = [];

    public string Describe() =>
        Load.Describe() + (Portal.WriteTally.Describe(Writes) is { } writes ? $"; writes: {writes}" : "");
}
