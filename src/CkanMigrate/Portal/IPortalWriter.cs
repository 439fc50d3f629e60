using System.Text.Json.Nodes;

namespace CkanMigrate.Portal;

/// <summary>
/// How one portal kind is loaded into one target. <see cref="PortalLoadRunner"/> calls it for every
/// record, <c>-p</c> at a time, and decides the outcome: a record the target already holds is
/// unchanged (no write); a dry run stops before <see cref="WriteAsync"/>.
/// </summary>
internal interface IPortalWriter
{
    /// <summary>Reads once what every record needs of the target (an index), before the first record.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>What of the record the target cannot hold, known before any call (a plugin it lacks, a capacity it refuses), or null.</summary>
    string? CannotHold(JsonObject record);

    /// <summary>The target's copy of the record, in the record's own shape, or why the record has no place there.</summary>
    Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct);

    /// <summary>Makes the target's copy the record (<paramref name="existing"/> null: it has none yet).</summary>
    Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct);

    /// <summary>The writes made so far, by what they were ("views created" → 12), for the summary.</summary>
    IReadOnlyDictionary<string, long> Writes { get; }

    /// <summary>What the load must say beyond each record's outcome (an API token it could not revoke), once it ends.</summary>
    IReadOnlyList<string> Warnings => [];
}
