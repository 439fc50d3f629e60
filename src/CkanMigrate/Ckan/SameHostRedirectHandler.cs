using System.Net;

namespace CkanMigrate.Ckan;

/// <summary>
/// Follows redirects itself, because HttpClient would turn a redirected POST into a GET (losing the
/// action's body) and would forward X-CKAN-API-Key to any host. Here a redirect keeps the method and
/// body, and the key headers are dropped as soon as the scheme, host or port changes.
/// </summary>
internal sealed class SameHostRedirectHandler(int maxRedirects) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = request.RequestUri!;
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null || hop >= maxRedirects)
                return response;

            var target = response.Headers.Location.IsAbsoluteUri
                ? response.Headers.Location
                : new Uri(current.RequestUri!, response.Headers.Location);
            response.Dispose();

            var next = new HttpRequestMessage(current.Method, target) { Content = current.Content, Version = current.Version };
            foreach (var header in current.Headers)
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            if (!SameOrigin(origin, target))
                AuthHeaders.Remove(next);
            current = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    internal static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
