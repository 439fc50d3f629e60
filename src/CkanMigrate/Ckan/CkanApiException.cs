using System.Text.Json.Nodes;

namespace CkanMigrate.Ckan;

/// <summary>
/// A CKAN action call that did not succeed. Keeps CKAN's own message and, for validation errors, its
/// field map, so a rejected record can be reported with CKAN's reason. Never carries the API key.
/// </summary>
public sealed class CkanApiException : Exception
{
    public CkanApiException(string action, CkanErrorKind kind, int? httpStatus, string message,
        JsonObject? fieldErrors = null, Exception? inner = null)
        : base(message, inner)
    {
        Action = action;
        Kind = kind;
        HttpStatus = httpStatus;
        FieldErrors = fieldErrors;
    }

    /// <summary>How many attempts the call took (more than 1 when a transient failure was retried).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The action that was called, e.g. <c>package_show</c>.</summary>
    public string Action { get; }

    public CkanErrorKind Kind { get; }

    /// <summary>The HTTP status of the last attempt, or null when no response came back.</summary>
    public int? HttpStatus { get; }

    /// <summary>For <see cref="CkanErrorKind.Validation"/>: CKAN's field → messages map (without <c>__type</c>).</summary>
    public JsonObject? FieldErrors { get; }

    /// <summary>True for failures that retrying later might cure: the run must stop, not reject the record.</summary>
    public bool IsTransient => Kind is CkanErrorKind.Server or CkanErrorKind.RateLimited or CkanErrorKind.Transport;

    /// <summary>
    /// A server error that may belong to the record rather than the site: HTTP 500 (CKAN's answer to
    /// an exception inside the action, e.g. a dataset whose resources repeat one id) or 409 Search
    /// Error. A gateway error (502/503/504), 429 or no answer at all says the site is in trouble.
    /// </summary>
    public bool MayBeTheRecord => Kind == CkanErrorKind.Server && HttpStatus is 500 or 409;

    /// <summary>One line for logs and reject files: the action, the kind and CKAN's words.</summary>
    public string Describe()
    {
        var status = HttpStatus is { } s ? $" (HTTP {s})" : "";
        var fields = FieldErrors is { Count: > 0 } f && !Message.Contains(f.ToJsonString(), StringComparison.Ordinal) ? " " + f.ToJsonString() : "";
        return $"{Action}: {Kind}{status}: {Message}{fields}";
    }
}
