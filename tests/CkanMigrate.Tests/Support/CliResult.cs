namespace CkanMigrate.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The child's peak resident memory (VmHWM, read while it ran), where the system tells.</summary>
    public long? PeakRssBytes { get; init; }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
