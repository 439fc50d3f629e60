using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;

namespace CkanMigrate.Ckan;

/// <summary>
/// Calls CKAN Action API actions: POST a JSON object to <c>/api/3/action/NAME</c>, unwrap CKAN's
/// envelope, and turn every failure into a <see cref="CkanApiException"/> carrying CKAN's own words.
/// One instance per endpoint, shared by all workers (HTTP keep-alive); thread-safe.
/// </summary>
public sealed class CkanClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private long _requests;
    private long _retries;
    private bool _answered;

    public CkanClient(CkanClientOptions options, HttpMessageHandler? transport = null)
    {
        Options = options;
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        var handler = CkanHttpPipeline.Build(options, () => Interlocked.Increment(ref _retries), () => Volatile.Read(ref _answered), transport);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("ckan-migrate/0.1");
        ActionRoot = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/api/3/action/");
    }

    public CkanClientOptions Options { get; }

    /// <summary>The site's base URL, for messages (it never holds the key).</summary>
    public Uri BaseUrl => Options.BaseUrl;

    public Uri ActionRoot { get; }

    /// <summary>Whether a key was given; the key itself is never exposed.</summary>
    public bool HasApiKey => _apiKey is not null;

    /// <summary>Whether a key shown by the site is ours (compared in constant time; never exposed).</summary>
    internal bool KeyEquals(string candidate) =>
        _apiKey is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(candidate), System.Text.Encoding.UTF8.GetBytes(_apiKey));

    /// <summary>Calls made, first attempts only.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Extra attempts made by the retry policy.</summary>
    public long RetryCount => Interlocked.Read(ref _retries);

    /// <summary>Calls an action and returns its <c>result</c>.</summary>
    public Task<JsonNode?> CallAsync(string action, JsonObject? parameters = null, CancellationToken cancellationToken = default) =>
        CallAsync(action, parameters, retry: true, cancellationToken);

    /// <summary>
    /// Calls an action that must not be sent twice (a batch of rows to insert): a lost answer is not
    /// retried, because the site may have done it; the caller finds out what happened and goes on.
    /// </summary>
    public Task<JsonNode?> CallOnceAsync(string action, JsonObject parameters, CancellationToken cancellationToken = default) =>
        CallAsync(action, parameters, retry: false, cancellationToken);

    private Task<JsonNode?> CallAsync(string action, JsonObject? parameters, bool retry, CancellationToken cancellationToken) =>
        CallAsync(action, parameters, retry, (status, body) => AsNode(action, status, body), cancellationToken);

    /// <summary>The answer's result as a node tree, or the error its envelope names.</summary>
    private static JsonNode? AsNode(string action, HttpStatusCode status, byte[] body) => Unwrap(action, status, body.Length == 0 ? null : JsonNode.Parse(body));

    /// <summary>
    /// Calls an action and returns its <c>result</c> still in the parsed document, for a caller that
    /// reads a large answer (a search page) without building a node tree. Errors are as CallAsync's.
    /// Dispose the answer when done with its elements.
    /// </summary>
    public Task<CkanDocument> CallForDocumentAsync(string action, JsonObject parameters, CancellationToken cancellationToken = default) =>
        CallAsync(action, parameters, retry: true, (status, body) =>
        {
            if (body.Length == 0) AsNode(action, status, body); // no envelope: throws the error CallAsync gives
            var document = JsonDocument.Parse(body);
            if ((int)status is >= 200 and < 300 && document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True && root.TryGetProperty("result", out var result))
                return new CkanDocument(document, result);
            document.Dispose();
            AsNode(action, status, body); // not a success: the same error CallAsync gives
            throw new CkanApiException(action, CkanErrorKind.NotCkan, (int)status, "the answer has no result");
        }, cancellationToken);

    private async Task<T> CallAsync<T>(string action, JsonObject? parameters, bool retry, Func<HttpStatusCode, byte[], T> interpret, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var body = JsonSerializer.SerializeToUtf8Bytes(parameters ?? new JsonObject());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ActionRoot, action));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        var context = Prepare(request, action, cancellationToken);
        if (!retry) context.Properties.Set(CkanHttpPipeline.Once, true);
        try
        {
            return await SendAsync(action, request, interpret, cancellationToken).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (context.Properties.TryGetValue(CkanHttpPipeline.Attempts, out var attempts))
        {
            throw new CkanApiException(e.Action, e.Kind, e.HttpStatus, e.Message, e.FieldErrors, e.InnerException) { Attempts = attempts };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// An action called with a file (multipart: each field a string, the file under
    /// <paramref name="fileField"/>), as CKAN takes uploads. The file is streamed from disk and sent
    /// whole again on a retry.
    /// </summary>
    public async Task<JsonNode?> CallWithFileAsync(string action, IReadOnlyDictionary<string, string> fields, string fileField, string fileName, string path,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ActionRoot, action));
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        form.Add(new FileContent(path), fileField, fileName);
        request.Content = form;
        var context = Prepare(request, action, cancellationToken);
        try
        {
            return await SendAsync(action, request, (status, body) => AsNode(action, status, body), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Streams a file this site serves (an upload's download URL) into <paramref name="destination"/>.
    /// Only this site's own URLs are fetched: the key is never sent to another host (a redirect to
    /// one drops it, see SameHostRedirectHandler). Returns the Content-Length the site announced.
    /// </summary>
    public async Task<long?> DownloadAsync(Uri url, Stream destination, CancellationToken cancellationToken)
    {
        if (!SameHostRedirectHandler.SameOrigin(BaseUrl, url))
            throw new CkanApiException("download", CkanErrorKind.BadRequest, null, $"{url.Host} is not {BaseUrl.Host}: files are fetched from the source site only");
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var context = Prepare(request, "download", cancellationToken);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status != 200)
                throw new CkanApiException("download", status switch { 403 => CkanErrorKind.NotAuthorized, 404 => CkanErrorKind.NotFound, >= 500 => CkanErrorKind.Server, _ => CkanErrorKind.BadRequest },
                    status, $"{url.AbsolutePath}: HTTP {status}");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            return response.Content.Headers.ContentLength;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CkanApiException("download", CkanErrorKind.Transport, null, $"{url.AbsolutePath}: the download broke off ({Flatten(e)})", inner: e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The length of a file this site serves, by a HEAD request (no bytes): the Content-Length of a
    /// 200 answer, or null for anything else — no file behind the URL (CKAN answers 500), a redirect
    /// to storage elsewhere, no answer. Asked once, never retried: null only means "not known".
    /// </summary>
    public async Task<long?> StoredLengthAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!SameHostRedirectHandler.SameOrigin(BaseUrl, url)) return null;
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        var context = Prepare(request, "download", cancellationToken);
        context.Properties.Set(CkanHttpPipeline.Once, true);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? response.Content.Headers.ContentLength : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Every request's set-up: the key's headers, and a pooled resilience context naming the action (for retry notices); return it after.</summary>
    private ResilienceContext Prepare(HttpRequestMessage request, string action, CancellationToken cancellationToken)
    {
        AuthHeaders.Add(request, _apiKey);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CkanHttpPipeline.ActionName, action);
        if (RecordWrites.Is(action)) context.Properties.Set(CkanHttpPipeline.SameErrorStops, true);
        request.SetResilienceContext(context);
        return context;
    }

    private async Task<T> SendAsync<T>(string action, HttpRequestMessage request, Func<HttpStatusCode, byte[], T> interpret, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _answered, true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException || CkanHttpPipeline.IsTimeout(e) || e is IOException || e is OperationCanceledException)
        {
            throw new CkanApiException(action, CkanErrorKind.Transport, null, TransportMessage(e), inner: e);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new CkanApiException(action, CkanErrorKind.Transport, (int)response.StatusCode,
                    $"connection to {Options.BaseUrl.Host} broke while reading the answer: {Flatten(e)}", inner: e);
            }
            try
            {
                return interpret(response.StatusCode, body);
            }
            catch (JsonException)
            {
                throw NotJson(action, response);
            }
        }
    }

    /// <summary>Asks status_show which CKAN this is, to choose strategies for the run.</summary>
    /// <summary>
    /// Whether the site still answers (status_show, with the usual retries). Asked when one
    /// record's call keeps failing with a server error: if the site answers, the record is what
    /// breaks it, and it is rejected or failed alone; if not, the site is down and the run stops.
    /// </summary>
    public async Task<bool> SiteAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("status_show", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CkanApiException e) when (e.IsTransient)
        {
            return false;
        }
    }

    public async Task<CkanSiteInfo> ProbeAsync(CancellationToken cancellationToken = default)
    {
        JsonObject result;
        try
        {
            result = await CallAsync("status_show", new JsonObject(), cancellationToken).ConfigureAwait(false) as JsonObject
                     ?? throw new CkanApiException("status_show", CkanErrorKind.NotCkan, 200, "status_show returned no object");
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotCkan or CkanErrorKind.NotFound or CkanErrorKind.BadRequest
                                         || e.HttpStatus is 405 or 501 or 505)
        {
            throw NotAnApi(e);
        }
        var version = result["ckan_version"]?.GetValue<string>();
        var extensions = result["extensions"] is JsonArray list
            ? list.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0).ToList()
            : new List<string>();
        var capabilities = CkanCapabilities.For(version);
        var key = await KeyCheck.RunAsync(this, capabilities, cancellationToken).ConfigureAwait(false);
        return new CkanSiteInfo(version, result["site_title"]?.ToString(), extensions, capabilities) { Key = key, SiteUrl = result["site_url"]?.ToString() };
    }

    /// <summary>The first call went to something that is not CKAN's Action API: say so, and what URL to give.</summary>
    private CkanApiException NotAnApi(CkanApiException e)
    {
        var answer = e.HttpStatus is { } status ? $"HTTP {status}" : "no usable answer";
        var root = new Uri(BaseUrl, "/");
        var hint = BaseUrl.AbsolutePath.Trim('/').Length > 0
            ? $"give the site's base URL (the address of its home page, e.g. {root.AbsoluteUri}; a path only if CKAN is mounted under one)"
            : "is CKAN served here, or under a path (e.g. https://host/data/)?";
        return new CkanApiException("status_show", CkanErrorKind.NotCkan, e.HttpStatus,
            $"{BaseUrl.AbsoluteUri} is not a CKAN API: {ActionRoot.AbsolutePath}status_show answered {answer}{(e.Kind == CkanErrorKind.NotCkan ? " that is not CKAN's" : "")}; {hint}", inner: e);
    }

    private static JsonNode? Unwrap(string action, HttpStatusCode status, JsonNode? envelope)
    {
        var code = (int)status;
        if (envelope is JsonObject obj && obj["success"] is JsonValue success && success.TryGetValue<bool>(out var ok))
        {
            if (ok && code is >= 200 and < 300) return obj["result"];
            throw FromErrorObject(action, code, obj["error"]);
        }
        // CKAN answers an unknown action, bad JSON or a GET on a POST-only action with a bare JSON string.
        if (envelope is JsonValue bare && bare.TryGetValue<string>(out var message))
            throw new CkanApiException(action, KindForStatus(code, CkanErrorKind.BadRequest), code, message);
        throw new CkanApiException(action, KindForStatus(code, CkanErrorKind.NotCkan), code,
            $"HTTP {code}: the answer is not a CKAN API envelope");
    }

    private static CkanApiException FromErrorObject(string action, int code, JsonNode? error)
    {
        if (error is not JsonObject e)
            return new CkanApiException(action, KindForStatus(code, CkanErrorKind.NotCkan), code, $"HTTP {code}: {error?.ToJsonString() ?? "no error object"}");
        var type = e["__type"]?.ToString() ?? "";
        var message = e["message"]?.ToString();
        switch (type)
        {
            case "Validation Error":
                var fields = new JsonObject();
                foreach (var (key, value) in e)
                    if (key != "__type") fields[key] = value?.DeepClone();
                return new CkanApiException(action, CkanErrorKind.Validation, code, message ?? fields.ToJsonString(), fields);
            case "Authorization Error":
                return new CkanApiException(action, CkanErrorKind.NotAuthorized, code, message ?? "Access denied");
            case "Not Found Error":
                return new CkanApiException(action, CkanErrorKind.NotFound, code, message ?? "Not found");
            case "Search Query Error":
                return new CkanApiException(action, CkanErrorKind.SearchQuery, code, message ?? type);
            case "Integrity Error":
                return new CkanApiException(action, CkanErrorKind.Integrity, code, message ?? type);
            default:
                return new CkanApiException(action, KindForStatus(code, CkanErrorKind.Server), code,
                    string.IsNullOrEmpty(type) ? message ?? $"HTTP {code}" : $"{type}: {message}");
        }
    }

    private static CkanErrorKind KindForStatus(int code, CkanErrorKind otherwise) => code switch
    {
        429 => CkanErrorKind.RateLimited,
        >= 500 => CkanErrorKind.Server,
        403 => CkanErrorKind.NotAuthorized,
        404 => CkanErrorKind.NotFound,
        409 => CkanErrorKind.Server, // 409 "Search Error" is Solr failing, not the record
        _ => otherwise,
    };

    private CkanApiException NotJson(string action, HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var kind = KindForStatus(code, CkanErrorKind.NotCkan);
        var hint = kind == CkanErrorKind.NotCkan ? $" — is {Options.BaseUrl} the CKAN site root?" : "";
        return new CkanApiException(action, kind, code, $"HTTP {code} from {Options.BaseUrl.Host}: the answer is not JSON{hint}");
    }

    private static string Flatten(Exception e) => TransportFailure.Flatten(e);

    /// <summary>Why no answer came, in plain words, and whether it was retried.</summary>
    private string TransportMessage(Exception e)
    {
        if (CkanHttpPipeline.IsTimeout(e))
            return $"{Options.BaseUrl.Host} timed out after {Options.MaxRetries + 1} attempts of {Options.AttemptTimeout.TotalSeconds:0} s";
        var said = TransportFailure.Describe(e, Options.BaseUrl);
        return TransportFailure.IsConfiguration(e) && !Volatile.Read(ref _answered) ? said : $"{said} (after {Options.MaxRetries + 1} attempts)";
    }

    public void Dispose() => _http.Dispose();
}
