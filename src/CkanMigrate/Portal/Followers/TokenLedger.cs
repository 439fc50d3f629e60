using System.Collections.Concurrent;

namespace CkanMigrate.Portal.Followers;

/// <summary>
/// The API tokens a load made and revoked, counted as it goes: the two counts must end equal. A
/// token that could not be revoked is named (its user and jti, never the token itself) with what
/// to do about it.
/// </summary>
internal sealed class TokenLedger
{
    private long _made;
    private long _revoked;
    private readonly ConcurrentQueue<string> _unrevoked = new();

    public long Made => Interlocked.Read(ref _made);

    public long Revoked => Interlocked.Read(ref _revoked);

    public void CountMade() => Interlocked.Increment(ref _made);

    public void CountRevoked() => Interlocked.Increment(ref _revoked);

    public void NotRevoked(string user, string? jti, string why) =>
        _unrevoked.Enqueue($"the API token made for user {user} (jti {jti ?? "unknown: list the user's tokens"}) could not be revoked ({why}): revoke it with api_token_revoke as a sysadmin, or in the user's page on the target");

    public IReadOnlyList<string> Warnings =>
        Made == Revoked && _unrevoked.IsEmpty ? [] : [$"{Made} API token(s) made and {Revoked} revoked", .. _unrevoked];

    /// <summary>The counts among a load's writes, so the stage's note says them every time tokens were made.</summary>
    public IEnumerable<KeyValuePair<string, long>> Counts =>
        Made == 0 && Revoked == 0 ? [] : [new("API tokens made", Made), new("API tokens revoked", Revoked)];
}
