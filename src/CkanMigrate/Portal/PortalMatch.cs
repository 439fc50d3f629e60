using System.Text.Json.Nodes;

namespace CkanMigrate.Portal;

/// <summary>A record's copy on the target (null: none yet), or why the record has no place there (its dataset is not on the target).</summary>
internal sealed record PortalMatch(JsonObject? Existing, string? Refused = null)
{
    public static readonly PortalMatch None = new((JsonObject?)null);

    public static PortalMatch Refuse(string reason) => new(null, reason);
}
