using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// An answer that is not the Action API's JSON (a file, a redirect, an HTML error page), summed up
/// as the recordings store it: status, the headers that matter, and either the page's title or the
/// body's size, sha256 and (short UTF-8 bodies) text.
/// </summary>
internal static partial class RecordedAnswer
{
    private static readonly string[] Headers = ["Content-Type", "Content-Length", "Content-Disposition", "Location"];

    public static async Task<JsonObject> SummariseAsync(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var name in Headers)
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                headers[name] = string.Join(", ", values);
        var body = await response.Content.ReadAsByteArrayAsync();
        var summary = new JsonObject { ["status"] = (int)response.StatusCode, ["headers"] = headers, ["size"] = body.Length };
        var text = Utf8(body);
        if (headers["Content-Type"]?.ToString().StartsWith("text/html", StringComparison.Ordinal) == true && text is not null && Title().Match(text) is { Success: true } title)
        {
            summary["html_title"] = title.Groups[1].Value.Trim();
            return summary;
        }
        summary["sha256"] = Convert.ToHexStringLower(SHA256.HashData(body));
        if (text is not null && body.Length <= 3000) summary["body_text"] = text;
        return summary;
    }

    /// <summary>
    /// An HTML page's size is that of the site's theme, not API behaviour: a recorded page is compared
    /// on its status, headers and title only.
    /// </summary>
    public static void DropPageSize(JsonNode? answer)
    {
        if (answer is not JsonObject o || !o.ContainsKey("html_title")) return;
        o.Remove("size");
        (o["headers"] as JsonObject)?.Remove("Content-Length");
    }

    private static string? Utf8(byte[] body)
    {
        try { return new UTF8Encoding(false, true).GetString(body); }
        catch (DecoderFallbackException) { return null; }
    }

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Title();
}
