namespace CkanMigrate.Pipeline;

public sealed record RunResult(IReadOnlyList<StageResult> Stages, IReadOnlyList<string> GoneFromSource, bool DeletesPropagated,
    string? HighWaterMark, bool Resumed, long Rejected, string ReportPath);
