namespace CkanMigrate.Ckan;

/// <summary>How to reach one CKAN site. One instance per endpoint; the key belongs to that endpoint only.</summary>
public sealed record CkanClientOptions
{
    /// <summary>The site's base URL, e.g. <c>https://data.example.org</c> (a trailing slash is ignored).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>API key or token; sent raw in <c>Authorization</c> and <c>X-CKAN-API-Key</c>, never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Skip TLS certificate checks (self-signed internal portals). Applies to every request.</summary>
    public bool Insecure { get; init; }

    /// <summary>Retries after the first attempt for transient failures (5xx, 429, timeouts, resets).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First backoff delay; doubles each retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single wait between attempts, also the cap on a server's Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one attempt, response body included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Redirects followed per call; a redirect to another host loses the auth headers.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Told before each retry's wait (never with the key); null to stay silent.</summary>
    public Action<RetryNotice>? OnRetry { get; init; }
}
