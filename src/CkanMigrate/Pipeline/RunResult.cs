namespace CkanMigrate.Pipeline;

public sealed record RunResult(IReadOnlyList<StageResult> Stages, IReadOnlyList<string> GoneFromSource, bool DeletesPropagated,
    string? HighWaterMark, bool Resumed, long Rejected, string ReportPath)
{
    /// <summary>Datasets rejected or failed in this run: retried by the next one.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];
}
