using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Followers;

/// <summary>
/// Makes what a user follows on the target the record's: their follows read with followee_list (as
/// a sysadmin), then, as the user (<see cref="FollowToken"/>: a user follows only as themself; a
/// sysadmin's user_id is ignored, recorded), follow_* for each one missing and unfollow_* for each
/// one the source does not have. Following again is "already following" on 2.10 (409) and the same
/// row on 2.11 (200), recorded: both mean it is there. Every token made is revoked, and counted.
/// </summary>
internal sealed class FollowersWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private readonly TokenLedger _tokens = new();

    public IReadOnlyDictionary<string, long> Writes =>
        new SortedDictionary<string, long>(_writes.Counts.Concat(_tokens.Counts).ToDictionary(), StringComparer.Ordinal);

    public IReadOnlyList<string> Warnings => _tokens.Warnings;

    public Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public string? CannotHold(JsonObject record) => null;

    public async Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct)
    {
        var user = JsonText.NonEmpty(record["user"])!;
        try
        {
            var rows = await target.Client.CallAsync("followee_list", new JsonObject { ["id"] = user }, ct).ConfigureAwait(false) as JsonArray ?? [];
            return new PortalMatch(Followees.Record(user, rows));
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound || e.Kind == CkanErrorKind.Validation && CkanSays.Words(e, "Not found"))
        {
            return target.DryRun ? PortalMatch.None // the user is still to be created by this run
                : PortalMatch.Refuse($"user {user} is not on the target: load users first");
        }
    }

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        var user = JsonText.NonEmpty(record["user"])!;
        var changes = Followees.Kinds.SelectMany(k =>
        {
            var wanted = Followees.Names(record, k.Field);
            var held = existing is null ? [] : Followees.Names(existing, k.Field);
            return wanted.Where(n => !held.Contains(n)).Select(n => (k.Type, Action: k.Follow, Object: n, Add: true))
                .Concat(held.Where(n => !wanted.Contains(n)).Select(n => (k.Type, Action: k.Unfollow, Object: n, Add: false)));
        }).ToList();
        var (added, removed, refused) = await FollowToken.AsUserAsync(target, user, _tokens, async (asUser, token) =>
        {
            int add = 0, remove = 0;
            var no = new List<string>();
            foreach (var (type, action, name, isAdd) in changes)
            {
                try
                {
                    await asUser.CallAsync(action, new JsonObject { ["id"] = name }, token).ConfigureAwait(false);
                    if (isAdd) add++;
                    else remove++;
                }
                catch (CkanApiException e) when (isAdd && e.Kind == CkanErrorKind.Validation && CkanSays.Words(e, "already following"))
                {
                    // 2.10's answer to a follow that is there: nothing to do
                }
                catch (CkanApiException e) when (!isAdd && e.Kind == CkanErrorKind.NotFound)
                {
                    // 2.10's answer to an unfollow of what is not followed: nothing to do
                }
                catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation)
                {
                    no.Add($"{type} {name} is not on the target ({e.Describe()})");
                }
            }
            return (add, remove, no);
        }, ct).ConfigureAwait(false);
        _writes.Add("follows added", added);
        _writes.Add("follows removed", removed);
        var note = string.Join(", ", new[] { (added, "followed"), (removed, "unfollowed") }.Where(d => d.Item1 > 0).Select(d => $"{d.Item1} {d.Item2}"));
        if (refused.Count > 0) return new PortalWrite(LoadOutcome.Rejected, note.Length == 0 ? null : $"the rest was written: {note}", string.Join("; ", refused));
        return new PortalWrite(existing is null || Followees.IsEmpty(existing) ? LoadOutcome.Created : LoadOutcome.Updated, note.Length == 0 ? null : note);
    }

}
