using System.Text.Json.Nodes;
using CkanMigrate.Ckan;

namespace CkanMigrate.Dump;

/// <summary>One record fetched from the source, or why it could not be.</summary>
public sealed record DumpItem(string Key, JsonObject? Record, CkanApiException? Error)
{
    public static DumpItem Ok(string key, JsonObject record) => new(key, record, null);
    public static DumpItem Failed(string key, CkanApiException error) => new(key, null, error);
}
