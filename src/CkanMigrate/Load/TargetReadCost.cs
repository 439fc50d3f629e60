namespace CkanMigrate.Load;

/// <summary>
/// How a load reads what the target holds, chosen by what each way costs — bytes and calls, both
/// known before anything is read: the target's count (one search with rows 0), the input's record
/// count, and its bytes (a record on the target is about as big as the same record in the input).
/// Reading the whole target costs its records' bytes in pages of 1000; looking up each input record
/// costs that record's bytes and up to two calls (by id, then by name). A call is weighed as
/// <see cref="CallBytes"/> bytes: what a round trip costs in time against the bytes it saves.
/// </summary>
internal static class TargetReadCost
{
    /// <summary>A call's weight in bytes: at ~10 MB/s a round trip of a couple of milliseconds is worth about this much transfer.</summary>
    public const long CallBytes = 20_000;

    /// <summary>A record's size when the input's bytes are not known (a gzip file): a typical dataset with a few resources.</summary>
    public const long TypicalRecordBytes = 5_000;

    private const int PageSize = 1000;

    /// <summary>Whether per-record lookups cost less than reading the whole target.</summary>
    public static bool PerRecordIsCheaper(long inputs, long? inputBytes, long onTarget)
    {
        if (inputs <= 0 || onTarget <= 0) return false;
        var record = inputBytes is { } bytes && bytes > 0 ? Math.Max(1, bytes / inputs) : TypicalRecordBytes;
        var bulk = onTarget * record + (onTarget + PageSize - 1) / PageSize * CallBytes;
        var perRecord = inputs * (record + 2 * CallBytes);
        return perRecord < bulk;
    }

    /// <summary>The strategy in the report's words.</summary>
    public static string Describe(long inputs, long onTarget) => $"show per record ({inputs:N0} input records beside {onTarget:N0} on the target)";
}
