using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Comparison;

namespace CkanMigrate.Load;

/// <summary>
/// Whether loading a record again would change nothing on the target: its comparable form against
/// the target's fingerprint (<see cref="RecordComparer"/>), then what is compared apart and may need
/// the target asked — an organization's parents and members (one that the target cannot hold at all
/// is not a difference a write could mend) and a user's password hash.
/// </summary>
internal sealed class UnchangedCheck(CkanClient client, CkanSiteInfo site, LoadOptions options, TargetIndex? index)
{
    /// <summary>
    /// Equal once server-managed fields are left out; for a user with a password hash, the target's
    /// hash too (user_list never shows it, so one user_show asks, with a sysadmin key).
    /// </summary>
    public async Task<bool> IsUnchangedAsync(JsonObject record, TargetRecord existing, CancellationToken ct)
    {
        if (!RecordComparer.Same(options.Entity.Kind, options.Unkept?.Without(record) ?? record, existing, membersApart: options.Entity.IsGroupLike)) return false;
        if (options.Entity.IsGroupLike && !await ParentsHeldAsync(record, existing, ct).ConfigureAwait(false)) return false;
        if (options.Entity.IsGroupLike && !await MembersHeldAsync(record, existing, ct).ConfigureAwait(false)) return false;
        if (options.Entity.IsGroupLike && options.Members is { } rule && record["users"] is JsonArray && existing.Members is { } held
            && rule.Removed(held, ComparedApart.Members.Of(record)).Count > 0) return false; // a member the source took out
        var hash = ComparedApart.PasswordHash;
        if (!hash.AppliesTo(options.Entity.Kind) || hash.Of(record) is not { } wanted) return true;
        if (!site.Capabilities.PasswordHashes || !site.WritesAsSysadmin) return true; // hashes are not carried with this key (reported once by the command)
        var shown = await client.CallAsync("user_show", new JsonObject { ["id"] = existing.Id, ["include_password_hash"] = true }, ct).ConfigureAwait(false) as JsonObject;
        return hash.Agrees(wanted, shown is null ? null : hash.Of(shown));
    }

    /// <summary>
    /// ParentsTheTargetHas: each parent the record names is among the target's parents, unless the
    /// target has no such group at all (then no write could link it: it is reported as not kept).
    /// </summary>
    private async Task<bool> ParentsHeldAsync(JsonObject record, TargetRecord existing, CancellationToken ct)
    {
        foreach (var parent in ComparedApart.Parents.Missing(ComparedApart.Parents.Of(record), existing.Parents))
            if (await OnTargetAsync(parent, ct).ConfigureAwait(false)) return false;
        return true;
    }

    /// <summary>
    /// Each member the record lists holds its role on the target, unless its user is not a user of
    /// the target at all (rejected by the users load, or never loaded): no write could add it, so it
    /// is reported as not kept when the record is written, not written again on every run.
    /// </summary>
    private async Task<bool> MembersHeldAsync(JsonObject record, TargetRecord existing, CancellationToken ct)
    {
        foreach (var member in RecordComparer.MissingMembers(record, existing))
            if (await UserOnTargetAsync(member, ct).ConfigureAwait(false)) return false;
        return true;
    }

    private readonly ConcurrentDictionary<string, bool> _usersOnTarget = new(StringComparer.Ordinal);

    private async Task<bool> UserOnTargetAsync(string name, CancellationToken ct)
    {
        if (_usersOnTarget.TryGetValue(name, out var known)) return known;
        var found = await ShowStateAsync("user_show", name, ct).ConfigureAwait(false) is { } state && state != "deleted";
        return _usersOnTarget[name] = found;
    }

    private readonly ConcurrentDictionary<string, bool> _onTarget = new(StringComparer.Ordinal);

    /// <summary>Whether a record of this kind is on the target (the index, else one show, remembered).</summary>
    private async Task<bool> OnTargetAsync(string idOrName, CancellationToken ct)
    {
        if (index?.Find(idOrName, idOrName) is { } indexed) return indexed.State != "deleted";
        if (index is not null) return false;
        if (_onTarget.TryGetValue(idOrName, out var known)) return known;
        var found = await ShowStateAsync(options.Entity.ShowAction, idOrName, ct).ConfigureAwait(false) is { } state && state != "deleted";
        return _onTarget[idOrName] = found;
    }

    /// <summary>The state of a record the target shows (any state a sysadmin sees), or null where it has none.</summary>
    private async Task<string?> ShowStateAsync(string action, string idOrName, CancellationToken ct)
    {
        try
        {
            return await client.CallAsync(action, new JsonObject { ["id"] = idOrName }, ct).ConfigureAwait(false) is JsonObject shown ? JsonText.Text(shown["state"]) ?? "active" : null;
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound or CkanErrorKind.NotAuthorized)
        {
            return null;
        }
    }}
