namespace CkanMigrate.Files;

/// <summary>How one file ended (<see cref="FileOutcomeKind"/>), the bytes it moved or holds, and a failure's reason.</summary>
public sealed record FileOutcome(UploadedFile File, FileOutcomeKind Outcome, long Bytes, string? Reason = null)
{
    public static FileOutcome Fetched(UploadedFile f, long bytes, int attempts) => new(f, FileOutcomeKind.Fetched, bytes, attempts > 1 ? $"after {attempts} attempts" : null);
    public static FileOutcome Sent(UploadedFile f, long bytes) => new(f, FileOutcomeKind.Sent, bytes);
    public static FileOutcome AlreadyThere(UploadedFile f, long bytes) => new(f, FileOutcomeKind.AlreadyThere, bytes);
    public static FileOutcome Failed(UploadedFile f, string reason) => new(f, FileOutcomeKind.Failed, 0, reason);

    public bool IsFailure => Outcome == FileOutcomeKind.Failed;
}
