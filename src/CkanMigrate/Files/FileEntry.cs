using System.Text.Json.Serialization;

namespace CkanMigrate.Files;

/// <summary>One fetched file: whose it is, its name at the source, and what proves it whole.</summary>
internal sealed record FileEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("url")] string Url);
