using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Load;

/// <summary>
/// The groups a target key may put datasets in. A sysadmin may use any group (and CKAN skips one it
/// does not have); anyone else only the groups they are a member of — group_list_authz lists them —
/// and CKAN refuses the whole dataset for one group outside them (404 "Group was not found.", 403
/// "not authorized to edit these groups"). So with such a key a dataset is written without those
/// groups, each listed as not kept, rather than rejected.
/// </summary>
internal sealed class GroupAuthority
{
    private readonly HashSet<string>? _allowed;

    private GroupAuthority(HashSet<string>? allowed) => _allowed = allowed;

    /// <summary>No limit: a sysadmin's key.</summary>
    public static readonly GroupAuthority Any = new(null);

    public static async Task<GroupAuthority> LearnAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        if (site.WritesAsSysadmin || !site.Key.HasKey) return Any;
        var groups = await client.CallAsync("group_list_authz", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in groups.OfType<JsonObject>())
            foreach (var key in new[] { JsonText.Text(g["name"]), JsonText.Text(g["id"]) })
                if (key is { Length: > 0 }) allowed.Add(key);
        return new GroupAuthority(allowed);
    }

    /// <summary>The record as this key can write it: without the groups it may not use (named in <paramref name="refused"/>).</summary>
    public JsonObject Within(JsonObject record, out IReadOnlyList<string> refused)
    {
        refused = [];
        if (_allowed is null || record["groups"] is not JsonArray { Count: > 0 } groups) return record;
        var kept = new JsonArray();
        var out_ = new List<string>();
        foreach (var g in groups)
        {
            var name = g is JsonObject o ? JsonText.Text(o["name"]) ?? JsonText.Text(o["id"]) : JsonText.Text(g);
            if (name is null || _allowed.Contains(name)) kept.Add(g?.DeepClone());
            else out_.Add(name);
        }
        if (out_.Count == 0) return record;
        refused = out_;
        var copy = (JsonObject)record.DeepClone();
        copy["groups"] = kept;
        return copy;
    }
}
