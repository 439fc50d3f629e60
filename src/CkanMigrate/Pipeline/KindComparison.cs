namespace CkanMigrate.Pipeline;

/// <summary>verify's findings for one kind.</summary>
public sealed class KindComparison(string kind)
{
    public string Kind { get; } = kind;
    public long SourceCount { get; set; }
    public long TargetCount { get; set; }
    public long Same { get; set; }

    /// <summary>Uploaded files found the same on both sides (verify --files).</summary>
    public long FilesSame { get; set; }
    /// <summary>Source records a load leaves alone by a rule (<see cref="Entities.SkipRules"/>), with the rule: not differences.</summary>
    public List<(string Key, string Rule)> SkippedByRule { get; } = [];

    public List<string> MissingOnTarget { get; } = [];
    public List<string> OnlyOnTarget { get; } = [];
    public List<(string Key, List<(string Field, string? Source, string? Target)> Fields)> Different { get; } = [];

    public bool Clean => MissingOnTarget.Count == 0 && OnlyOnTarget.Count == 0 && Different.Count == 0;
}
