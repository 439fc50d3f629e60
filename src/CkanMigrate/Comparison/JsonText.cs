using System.Text.Json.Nodes;

namespace CkanMigrate.Comparison;

/// <summary>How a JSON value is read as text, in one place: a string as it is, another scalar as its JSON, and nothing for lists and objects.</summary>
internal static class JsonText
{
    /// <summary>A string as it is, a number or boolean as its JSON text; null for null, lists and objects.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => null,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>Only a JSON string; anything else null.</summary>
    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary><see cref="Text"/>, with "" as nothing.</summary>
    public static string? NonEmpty(JsonNode? node) => Text(node) is { Length: > 0 } s ? s : null;
}
