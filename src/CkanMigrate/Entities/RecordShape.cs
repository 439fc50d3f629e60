using System.Text.Json.Nodes;

namespace CkanMigrate.Entities;

/// <summary>
/// Tells from a record's fields which kind of CKAN object it is, where its fields say so without
/// doubt: CKAN's own dicts (user_show, organization_show, package_show, a harvest source) carry
/// fields no other kind has. Used to catch a file given as the wrong kind before anything is written.
/// </summary>
internal static class RecordShape
{
    private static readonly string[] UserFields = ["sysadmin", "password_hash", "number_created_packages", "apikey"];
    private static readonly string[] DatasetFields = ["resources", "num_resources", "owner_org", "license_id"];

    /// <summary>The kind the record's fields show, and the fields that show it; null when they do not say.</summary>
    public static (EntityKind Kind, string Evidence)? Guess(JsonObject record)
    {
        if (Present(record, UserFields) is { } user) return (EntityKind.Users, user);
        // Before organizations: legacy data.gov.uk harvest sources say is_organization: true.
        if (Text(record, "type") == "harvest" || record.ContainsKey("source_type"))
            return (EntityKind.HarvestSources, record.ContainsKey("source_type") ? "source_type" : "type \"harvest\"");
        if (record.ContainsKey("url") && record.ContainsKey("config") && record.ContainsKey("frequency") && !record.ContainsKey("resources"))
            return (EntityKind.HarvestSources, "url, config, frequency");
        if (Present(record, DatasetFields) is { } dataset) return (EntityKind.Datasets, dataset);
        if (record["is_organization"] is JsonValue flag && flag.TryGetValue<bool>(out var isOrganization))
            return (isOrganization ? EntityKind.Organizations : EntityKind.Groups, $"is_organization {(isOrganization ? "true" : "false")}");
        return Text(record, "type") switch
        {
            "organization" => (EntityKind.Organizations, "type \"organization\""),
            "group" => (EntityKind.Groups, "type \"group\""),
            _ => null,
        };
    }

    private static string? Present(JsonObject record, string[] fields)
    {
        var found = fields.Where(record.ContainsKey).ToList();
        return found.Count == 0 ? null : string.Join(", ", found);
    }

    private static string? Text(JsonObject record, string field) => Comparison.JsonText.String(record[field]);
}
