using System.Text.Json;

namespace CkanMigrate.Ckan;

/// <summary>An action's <c>result</c> in its parsed document (pooled memory: dispose it when its elements are no longer read).</summary>
public sealed class CkanDocument(JsonDocument document, JsonElement result) : IDisposable
{
    public JsonElement Result { get; } = result;

    public void Dispose() => document.Dispose();
}
