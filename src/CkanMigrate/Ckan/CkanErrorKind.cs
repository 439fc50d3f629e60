namespace CkanMigrate.Ckan;

/// <summary>What kind of failure a CKAN call ended in; decides whether it is retried and how it is reported.</summary>
public enum CkanErrorKind
{
    /// <summary>409 "Validation Error": a field map explains what CKAN refused.</summary>
    Validation,
    /// <summary>403 "Authorization Error" (also what an unrecognised key looks like on a write).</summary>
    NotAuthorized,
    /// <summary>404 "Not Found Error".</summary>
    NotFound,
    /// <summary>400 with a bare JSON string body: unknown action, bad JSON, GET on a POST-only action.</summary>
    BadRequest,
    /// <summary>400 "Search Query Error": an invalid package_search parameter or sort.</summary>
    SearchQuery,
    /// <summary>400 "Integrity Error": a structurally malformed record (e.g. tags as strings).</summary>
    Integrity,
    /// <summary>5xx, or 409 "Search Error", still failing after every retry.</summary>
    Server,
    /// <summary>429 still returned after every retry.</summary>
    RateLimited,
    /// <summary>Connection refused/reset, DNS, TLS or per-attempt timeout, still failing after every retry.</summary>
    Transport,
    /// <summary>A 2xx answer that is not CKAN's envelope (a proxy page, a non-CKAN server).</summary>
    NotCkan,
}
