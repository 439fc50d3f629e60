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

    /// <summary>The action a request calls, kept in its resilience context for retry notices.</summary>
    public static readonly ResiliencePropertyKey<string> ActionName = new("ckan-migrate.action");

    /// <summary>Set on a call that must not be repeated by the retry policy (see CkanClient.CallOnceAsync).</summary>
    public static readonly ResiliencePropertyKey<bool> Once = new("ckan-migrate.once");

    /// <summary>Set on a record write (<see cref="RecordWrites"/>): the same HTTP 500 twice ends its retries.</summary>
    public static readonly ResiliencePropertyKey<bool> SameErrorStops = new("ckan-migrate.same-error-stops");

    /// <summary>The digest of the last HTTP 500 body a record write got, to tell a repeat.</summary>
    private static readonly ResiliencePropertyKey<string> LastServerError = new("ckan-migrate.last-500");

    /// <summary>
    /// Statuses that say the URL is not an API that will ever answer (no such path, method not
    /// allowed, not implemented): never retried, so a wrong URL fails within a second.
    /// </summary>
    private static readonly HashSet<int> Hopeless = [404, 405, 501, 505];

    /// <param name="hasAnswered">Whether the site has answered once: until then a DNS or TLS failure is
    /// the URL's fault (a typo, https to an http port) and is reported at once rather than retried.</param>
    public static HttpMessageHandler Build(CkanClientOptions options, Action onRetry, Func<bool> hasAnswered, HttpMessageHandler? transport = null)
    {
        var health = new SiteHealth();
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
            // The library's transient set (HttpRequestException, per-attempt timeout, 5xx, 408, 429)
            // minus what cannot get better. 4xx validation and auth answers are never retried.
            ShouldHandle = async args => options.MaxRetries > 0 && !args.Context.Properties.GetValue(Once, false) && ShouldRetry(args.Outcome, hasAnswered)
                                         && !await RepeatedServerErrorAsync(args.Context, args.Outcome, health).ConfigureAwait(false),
            OnRetry = args =>
            {
                args.Context.Properties.Set(Attempts, args.AttemptNumber + 2);
                onRetry();
                options.OnRetry?.Invoke(new RetryNotice(HostOf(options.BaseUrl),
                    args.Context.Properties.GetValue(ActionName, "call"), Reason(args.Outcome),
                    args.RetryDelay, args.AttemptNumber + 2, options.MaxRetries + 1));
                return ValueTask.CompletedTask;
            },
        };

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();

        return new ResilienceHandler(pipeline)
        {
            InnerHandler = new AttemptRecorder(health) { InnerHandler = new SameHostRedirectHandler(options.MaxRedirects) { InnerHandler = transport } },
        };
    }

    public static bool IsTimeout(Exception e) => e is TimeoutRejectedException;

    /// <summary>
    /// A record write answered with the very 500 it got before, by a site whose other calls go well:
    /// the record, not the site (see <see cref="RecordWrites"/>, <see cref="SiteHealth"/>).
    /// </summary>
    private static async Task<bool> RepeatedServerErrorAsync(ResilienceContext context, Outcome<HttpResponseMessage> outcome, SiteHealth health)
    {
        if (!context.Properties.GetValue(SameErrorStops, false) || outcome.Result is not { StatusCode: HttpStatusCode.InternalServerError } response) return false;
        var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false); // buffered: the caller still reads it
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body));
        if (context.Properties.TryGetValue(LastServerError, out var previous) && previous == digest) return health.OthersFine(own: 2);
        context.Properties.Set(LastServerError, digest);
        return false;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, Func<bool> hasAnswered)
    {
        if (outcome.Result is { } response && Hopeless.Contains((int)response.StatusCode)) return false;
        if (outcome.Exception is { } e && TransportFailure.IsConfiguration(e) && !hasAnswered()) return false;
        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    private static string Reason(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        { Exception: TimeoutRejectedException } => "timed out",
        { Exception: { } e } => TransportFailure.Brief(e),
        _ => "failed",
    };

    private static string HostOf(Uri site) => site.IsDefaultPort ? site.Host : $"{site.Host}:{site.Port}";
}
