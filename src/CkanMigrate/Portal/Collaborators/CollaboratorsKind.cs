using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Collaborators;

/// <summary>
/// Dataset collaborators (CKAN 2.9+, where ckan.auth.allow_dataset_collaborators is on). One record
/// per dataset that has any: {package_id, package_name, collaborators: [{name, capacity}]}, users by
/// name (names hold across sites; ids may not). Matched by dataset id, then name; the same when the
/// same users hold the same capacities.
/// </summary>
internal sealed class CollaboratorsKind : PortalKind
{
    public override string CliName => "collaborators";

    public override string RecordName => "a dataset's collaborators (package_id, collaborators)";

    internal override (string[] Has, string[] Never) Fields => (["collaborators"], ["views", "resources"]);

    internal override string Listing => "package_collaborator_list_for_user per user";

    internal override Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) =>
        CollaboratorSettings.MissingAsync(client, site, asSource, ct);

    internal override IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, CancellationToken ct) => CollaboratorsDump.ReadAsync(request, ct);

    internal override (string? Id, string? Name) KeyOf(JsonObject record) => (JsonText.NonEmpty(record["package_id"]), JsonText.NonEmpty(record["package_name"]));

    internal override JsonObject Comparable(JsonObject record) => new()
    {
        ["collaborators"] = new JsonArray(Members(record).Select(m => (JsonNode)new JsonObject { ["name"] = m.Key, ["capacity"] = m.Value }).ToArray()),
    };

    internal override IPortalWriter Writer(PortalTarget target) => new CollaboratorsWriter(target);

    /// <summary>A dataset whose last collaborator went at the source: the record that removes the rest on the target.</summary>
    internal override JsonObject? Emptied(JsonObject earlier) =>
        Members(earlier).Count == 0 ? null : new JsonObject
        {
            ["package_id"] = earlier["package_id"]?.DeepClone(),
            ["package_name"] = earlier["package_name"]?.DeepClone(),
            ["collaborators"] = new JsonArray(),
        };

    /// <summary>The record's collaborators: user name → capacity (lower case, as CKAN stores it), in name order.</summary>
    public static SortedDictionary<string, string> Members(JsonObject record)
    {
        var members = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in (record["collaborators"] as JsonArray ?? []).OfType<JsonObject>())
            if (JsonText.NonEmpty(c["name"] ?? c["user_id"]) is { } name) members[name] = (JsonText.NonEmpty(c["capacity"]) ?? "member").ToLowerInvariant();
        return members;
    }
}
