using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace CkanMigrate.Ckan;

/// <summary>
/// Puts a failed connection in plain words for an operator: which of the usual mistakes it is (a
/// mistyped host, https to a plain-http port, an untrusted certificate, nothing listening) and what
/// to try, instead of .NET's chain of inner exception messages.
/// </summary>
internal static class TransportFailure
{
    /// <summary>Failures that are the URL's or the certificate's, not the network's: retrying cannot cure them.</summary>
    public static bool IsConfiguration(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    /// <summary>A few words for a retry notice: "connection refused", "DNS lookup failed", "connection reset".</summary>
    public static string Brief(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "DNS lookup failed",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "TLS handshake failed",
        _ when Find<SocketException>(e) is { } socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.ConnectionReset => "connection reset",
            SocketError.TimedOut => "connect timed out",
            _ => socket.Message,
        },
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "connection closed before an answer",
        _ => e.Message,
    };

    public static string Describe(Exception e, Uri site)
    {
        var host = site.IsDefaultPort ? site.Host : $"{site.Host}:{site.Port}";
        if (e is HttpRequestException http)
        {
            switch (http.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError:
                    return $"cannot find the host '{site.Host}' (DNS lookup failed): check the URL's spelling and this machine's network";
                case HttpRequestError.SecureConnectionError when Find<AuthenticationException>(e) is { } tls && tls.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase):
                    return $"the TLS certificate of {host} is not trusted ({tls.Message.TrimEnd('.')}): fix the certificate, add its CA to this machine's trust store, or give --insecure";
                case HttpRequestError.SecureConnectionError:
                    return site.Scheme == Uri.UriSchemeHttps
                        ? $"the TLS handshake with {host} failed: the port may speak plain http (try http://{host}{site.AbsolutePath}), or its TLS setup is broken"
                        : $"a secure connection to {host} failed";
                case HttpRequestError.ConnectionError when Find<SocketException>(e) is { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"connection refused by {host}: is the site running, and is the port right?";
                case HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse when site.Scheme == Uri.UriSchemeHttp:
                    return $"{host} closed the connection or answered with something that is not HTTP: the port may expect https (try https://{host}{site.AbsolutePath})";
            }
        }
        if (Find<SocketException>(e) is { } socket)
            return $"the connection to {host} failed: {socket.Message}";
        return $"the connection to {host} failed: {Flatten(e)}";
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is T found) return found;
        return null;
    }

    /// <summary>Every distinct message down the chain, outermost first.</summary>
    public static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (!parts.Contains(x.Message)) parts.Add(x.Message);
        return string.Join(" → ", parts);
    }
}
