using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Load;

/// <summary>
/// The members an update of an organization or group writes. CKAN's update replaces the member
/// list and its patch keeps it whole, so a record's members are merged into the target's: a member
/// the record does not list is never dropped by a load (only by a run's <see cref="MemberRule"/>:
/// a user of the source the source's record no longer lists), a listed one gets the record's role.
/// </summary>
internal sealed class MemberMerge(CkanClient client, CkanSiteInfo site, LoadOptions options)
{
    /// <summary>Puts the members to write into <paramref name="write"/> (its users, merged with the target's).</summary>
    public async Task MergeAsync(JsonObject write, TargetRecord existing, CancellationToken ct)
    {
        var members = await MembersAsync(existing, ct).ConfigureAwait(false);
        if (write["users"] is JsonArray wanted)
        {
            var merged = new Dictionary<string, string>(members, StringComparer.Ordinal);
            foreach (var gone in options.Members?.Removed(members, ComparedApart.Members.Of(wanted)) ?? []) merged.Remove(gone);
            foreach (var (name, role) in ComparedApart.Members.Of(wanted)) merged[name] = role;
            write["users"] = RecordForms.Members(merged);
        }
        else if (!site.Capabilities.Patch)
        {
            write["users"] = RecordForms.Members(members); // an update without users would drop them all
        }
    }

    /// <summary>The members a run takes out of the target's copy (<see cref="MemberRule"/>), named in the record's note.</summary>
    public string? Removed(JsonObject record, TargetRecord existing) =>
        options.Members is { } rule && options.Entity.IsGroupLike && record["users"] is JsonArray && existing.Members is { } held
        && rule.Removed(held, ComparedApart.Members.Of(record)) is { Count: > 0 } gone
            ? $"{(options.DryRun ? "would remove" : "removed")} members the source's record does not list: {string.Join(", ", gone)}"
            : null;

    /// <summary>The members on the target: from the index, or one show call.</summary>
    private async Task<IReadOnlyDictionary<string, string>> MembersAsync(TargetRecord existing, CancellationToken ct)
    {
        if (existing.Members is { } known) return known;
        var shown = await client.CallAsync(options.Entity.ShowAction, new JsonObject { ["id"] = existing.Id, ["include_users"] = true }, ct).ConfigureAwait(false) as JsonObject;
        return shown is null ? new Dictionary<string, string>() : ComparedApart.Members.Of(shown);
    }

}
