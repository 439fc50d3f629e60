using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CkanMigrate.Ckan;

/// <summary>
/// Builds the HTTP stack for one CKAN endpoint: retries with exponential backoff and jitter (honouring
/// Retry-After) around a per-attempt timeout, around our own redirect handling, around a socket
/// handler that keeps no cookies (CKAN 2.10+ would demand a CSRF token from a cookie session).
/// </summary>
internal static class CkanHttpPipeline
{
    /// <summary>Attempts made for one call, kept in its resilience context so the caller can tell a retried write.</summary>
    public static readonly ResiliencePropertyKey<int> Attempts = new("ckan-migrate.attempts");

    public static HttpMessageHandler Build(CkanClientOptions options, Action onRetry, HttpMessageHandler? transport = null)
    {
        transport ??= new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            SslOptions = options.Insecure
                ? new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true }
                : new SslClientAuthenticationOptions(),
        };

        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldRetryAfterHeader = true,
            // Default ShouldHandle: HttpRequestException, per-attempt timeout, 5xx, 408 and 429.
            // 4xx validation and auth answers are never retried: they would fail the same way again.
            OnRetry = args =>
            {
                args.Context.Properties.Set(Attempts, args.AttemptNumber + 2);
                onRetry();
                return ValueTask.CompletedTask;
            },
        };
        if (options.MaxRetries <= 0)
            retry.ShouldHandle = _ => PredicateResult.False();

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();

        return new ResilienceHandler(pipeline)
        {
            InnerHandler = new SameHostRedirectHandler(options.MaxRedirects) { InnerHandler = transport },
        };
    }

    public static bool IsTimeout(Exception e) => e is TimeoutRejectedException;
}
