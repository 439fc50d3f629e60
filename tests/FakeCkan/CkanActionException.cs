using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// An action's failure as CKAN reports it: the HTTP status plus either the <c>error</c> object of the
/// envelope or, for CKAN's "Bad request" answers, a bare JSON string body.
/// </summary>
public sealed class CkanActionException(int status, JsonObject? error, string? bareBody = null)
    : Exception(bareBody ?? error?["message"]?.ToString() ?? "CKAN error")
{
    public int Status { get; } = status;
    public JsonObject? Error { get; } = error;
    public string? BareBody { get; } = bareBody;

    /// <summary>Answered with CKAN's HTML error page instead of JSON (an error raised before the action runs).</summary>
    public bool HtmlPage { get; private init; }

    public static CkanActionException Validation(JsonObject fields)
    {
        fields["__type"] = "Validation Error";
        return new CkanActionException(409, fields);
    }

    public static CkanActionException Validation(string field, params string[] messages) =>
        Validation(new JsonObject { [field] = new JsonArray(messages.Select(m => (JsonNode)m).ToArray()) });

    public static CkanActionException NotFound(string message = "Not found") =>
        new(404, new JsonObject { ["__type"] = "Not Found Error", ["message"] = message });

    public static CkanActionException NotAuthorized(string message = "Access denied") =>
        new(403, new JsonObject { ["__type"] = "Authorization Error", ["message"] = message });

    public static CkanActionException SearchQuery(string message) =>
        new(400, new JsonObject { ["__type"] = "Search Query Error", ["message"] = message });

    public static CkanActionException Integrity(string message, JsonNode? data) =>
        new(400, new JsonObject { ["__type"] = "Integrity Error", ["message"] = message, ["data"] = data?.DeepClone() });

    public static CkanActionException Internal() =>
        new(500, new JsonObject { ["__type"] = "Internal Server Error", ["message"] = "Internal Server Error" });

    public static CkanActionException BadRequest(string text) => new(400, null, text);

    public static CkanActionException Page(int status) => new(status, null) { HtmlPage = true };
}
