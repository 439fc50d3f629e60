using System.Text.Json;

namespace CkanMigrate.JsonLines;

/// <summary>The one-sentence reasons a line is not a record, worded the same by every reader.</summary>
internal static class JsonLineErrors
{
    public const string NotUtf8 = "not valid UTF-8 (is the file in another encoding, such as Latin-1?)";

    public static string NotJson(JsonException e) => $"not valid JSON ({Shorten(e.Message)})";

    public static string NotUtf8Json(Exception e) => $"not valid UTF-8 JSON ({Shorten(e.Message)})";

    public static string NotAnObject(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a JSON array, not an object (one record per line is expected)",
        JsonValueKind.Null => "null, not an object",
        _ => $"a JSON {kind.ToString().ToLowerInvariant()}, not an object",
    };

    private static string Shorten(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.Length > 160 ? text[..160] + "…" : text;
    }
}
