namespace CkanMigrate.Files;

/// <summary>How one file ended: fetched or sent, already there (nothing moved), or failed with its reason.</summary>
public sealed record FileOutcome(UploadedFile File, string Outcome, long Bytes, string? Reason = null)
{
    public static FileOutcome Fetched(UploadedFile f, long bytes, int attempts) => new(f, "fetched", bytes, attempts > 1 ? $"after {attempts} attempts" : null);
    public static FileOutcome Sent(UploadedFile f, long bytes) => new(f, "sent", bytes);
    public static FileOutcome AlreadyThere(UploadedFile f, long bytes) => new(f, "already there", bytes);
    public static FileOutcome Failed(UploadedFile f, string reason) => new(f, "failed", 0, reason);

    public bool IsFailure => Outcome == "failed";
}
