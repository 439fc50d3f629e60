using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Filter;
using CkanMigrate.Preflight;
using CkanMigrate.Comparison;
using CkanMigrate.Ckan;

namespace CkanMigrate.Load;

/// <summary>
/// A dataset's metadata_modified. CKAN up to 2.11 sets it itself on every write (a sent value is
/// dropped with the other keys its schema does not know); CKAN 2.12 lets a sysadmin set it "for
/// harvesting or mirroring" (master's create schema: ignore_not_sysadmin, ignore_missing, isodate).
/// So the source's value is sent with each dataset written by a sysadmin's key until the target has
/// shown it does not keep it, and the target's answer to a write the run makes anyway says which it
/// is (<see cref="TargetProfile.LearnMetadataModified"/>): no probe, no extra call.
/// </summary>
internal sealed class KeptTimestamps(TargetProfile profile, EntityKind kind)
{
    public const string Field = "metadata_modified";

    public void AddTo(JsonObject write, JsonObject record)
    {
        if (kind != EntityKind.Datasets || profile.KeepsMetadataModified == false || !profile.Site.WritesAsSysadmin) return;
        if (JsonText.Text(record[Field]) is { Length: > 0 } modified) write[Field] = modified;
    }

    /// <summary>What the answer to a write that sent the source's value shows.</summary>
    public void Learn(JsonObject write, JsonObject? answer)
    {
        if (answer is null || JsonText.Text(write[Field]) is not { } sent) return;
        profile.LearnMetadataModified(Same(sent, JsonText.Text(answer[Field])));
    }

    /// <summary>The same instant, however written (CKAN drops a zero fraction; a zone is UTC).</summary>
    public static bool Same(string? a, string? b) =>
        Timestamps.TryParse(a, out var x) && Timestamps.TryParse(b, out var y) && x == y;
}
