using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>
/// Which members of a target organization or group a run removes: a user of the source that the
/// source's record does not list (the source took them out, or never put them in), so that members
/// arrive exactly and someone removed at the source loses their role on the target too. A member who
/// is no user of the source is the target's own (its admins' doing) and stays, as does the account
/// the target key belongs to (CKAN makes it an admin of every organization it creates). Only a run
/// knows the source's users; a single <c>load</c> keeps every member the record does not list, and so
/// does a run whose target key's account is unknown (an API token before CKAN 2.10).
/// </summary>
internal sealed class MemberRule
{
    private readonly HashSet<string> _sourceUsers;
    private readonly string _keyOwner;

    private MemberRule(HashSet<string> sourceUsers, string keyOwner)
    {
        _sourceUsers = sourceUsers;
        _keyOwner = keyOwner;
    }

    /// <summary>The rule for a target written with the key of <paramref name="keyOwner"/>, from the source's users (a users file of the run).</summary>
    public static async Task<MemberRule> ReadAsync(string sourceUsers, string keyOwner, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var line in JsonLinesReader.ReadAsync(sourceUsers, ct).ConfigureAwait(false))
            if (!line.IsBlank && line.TryParseObject(out var user, out _) && user!["name"] is JsonValue name && name.TryGetValue<string>(out var text))
                names.Add(text);
        return new MemberRule(names, keyOwner);
    }

    /// <summary>Whether a target member the record does not list stays.</summary>
    public bool Keeps(string member) => member == _keyOwner || !_sourceUsers.Contains(member);

    /// <summary>The target's members (name → capacity) this rule removes, given the members the record lists.</summary>
    public IReadOnlyList<string> Removed(IReadOnlyDictionary<string, string> held, IReadOnlyDictionary<string, string> wanted) =>
        held.Keys.Where(m => !wanted.ContainsKey(m) && !Keeps(m)).Order(StringComparer.Ordinal).ToList();
}
