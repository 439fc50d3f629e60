using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FakeCkan.Actions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FakeCkan;

/// <summary>
/// A CKAN-compatible Action API server for tests, on 127.0.0.1 and a random port. It answers with
/// CKAN's envelope, status codes and silent caps for the imitated version (2.2 legacy or 2.10
/// modern), treats unknown keys as anonymous, counts calls per action, and can be told to fail.
/// </summary>
public sealed class FakeCkanServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, ActionHandler> _actions = new(StringComparer.Ordinal);
    private readonly Version _version;

    private FakeCkanServer(FakeCkanOptions options, WebApplication app)
    {
        Options = options;
        _app = app;
        _version = new Version(string.Join('.', options.CkanVersion.Split('.').Take(3)));
        SiteActions.Register(_actions);
        DatasetReadActions.Register(_actions);
        GroupReadActions.Register(_actions);
        UserReadActions.Register(_actions);
        DatasetWriteActions.Register(_actions);
        GroupWriteActions.Register(_actions);
        UserWriteActions.Register(_actions);
        ResourceActions.Register(_actions);
        HarvestActions.Register(_actions);
        DataStoreActions.Register(_actions);
        BulkActions.Register(_actions);
        // The rest of a portal; plugins that wrap core actions come after them, activity last (it records what the others did).
        VocabularyActions.Register(_actions);
        ViewActions.Register(_actions);
        CollaboratorActions.Register(_actions);
        ConfigActions.Register(_actions);
        ShowcaseActions.Register(_actions, options);
        PagesActions.Register(_actions, options);
        FollowerActions.Register(_actions);
        TokenActions.Register(_actions);
        HierarchyActions.Register(_actions);
        ActivityActions.Register(_actions, options);
        Store.SeedUser(new JsonObject
        {
            ["name"] = options.SysadminName,
            ["fullname"] = "Migration Admin",
            ["email"] = options.SysadminEmail,
            ["sysadmin"] = true,
            ["password_hash"] = $"$pbkdf2-sha512$25000${options.SysadminName}$hash", // as every real account has
        }, options.SysadminToken);
    }

    public FakeCkanOptions Options { get; }
    public FakeCkanStore Store { get; } = new();
    public FaultSettings Faults { get; } = new();
    public CallCounter Calls { get; } = new();

    /// <summary>The json column type a fresh DataStore makes on first use (with <see cref="FakeCkanOptions.LazyJsonType"/>).</summary>
    internal JsonTypeRace JsonType { get; } = new();

    /// <summary>The next datastore_creates needing the json type fail as under another worker's race.</summary>
    public void FailNextJsonTables(int count) => JsonType.FailNext = count;

    /// <summary>Headers of the last request, to check what a client sent (e.g. that no key leaked).</summary>
    public IReadOnlyDictionary<string, string> LastHeaders { get; private set; } = new Dictionary<string, string>();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The second address of a server started with <see cref="FakeCkanOptions.AliasPort"/>, else null.</summary>
    public Uri? AliasUrl { get; private set; }

    /// <summary>When set, actions called under /api/3/action/ answer 307 to /api/action/NAME under this base (a moved site, or a hostile redirect).</summary>
    public Uri? RedirectAllTo { get; set; }

    /// <summary>When set, file downloads answer 302 to the same path under this base (files moved to a storage host).</summary>
    public Uri? RedirectDownloadsTo { get; set; }

    public string SysadminToken => Options.SysadminToken;

    /// <summary>
    /// When set, every request gets this status and HTML body: the URL points at a web server that
    /// is not CKAN (a portal's front end, a proxy's error page, a server without POST).
    /// </summary>
    public (int Status, string Html)? AnswerEverythingWith { get; set; }

    private long _requests;

    /// <summary>Every HTTP request that reached the server, API or not (retries included).</summary>
    public long RequestsSeen => Interlocked.Read(ref _requests);

    private long _bytesIn;
    private long _bytesOut;

    /// <summary>Request body bytes received (as a byte-counting proxy would see them, headers aside).</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Response body bytes sent.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    public static async Task<FakeCkanServer> StartAsync(FakeCkanOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var https = options?.Https == true;
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (https) listen.UseHttps(SelfSignedCertificate());
            });
            if (options?.AliasPort == true) k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 512L * 1024 * 1024;
        });
        var app = builder.Build();
        var server = new FakeCkanServer(options ?? new FakeCkanOptions(), app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))).ToList();
        server.BaseUrl = addresses[0];
        if (addresses.Count > 1) server.AliasUrl = addresses[1];
        return server;
    }

    /// <summary>A certificate for 127.0.0.1 that no client trusts unless told to skip verification.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    private async Task HandleAsync(HttpContext http)
    {
        LastHeaders = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Interlocked.Increment(ref _requests);
        if (http.Request.ContentLength is { } sent) Interlocked.Add(ref _bytesIn, sent);
        http.Response.Body = new CountingStream(http.Response.Body, n => Interlocked.Add(ref _bytesOut, n));
        if (AnswerEverythingWith is var (status, html))
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(html).ConfigureAwait(false);
            return;
        }
        var path = http.Request.Path.Value ?? "";
        if (path.TrimEnd('/') == "/api/3")
        {
            await WriteJsonAsync(http, 200, new JsonObject { ["version"] = 3 }).ConfigureAwait(false);
            return;
        }
        if (await Downloads.TryServeImageAsync(http, this, path).ConfigureAwait(false)) return;
        if (await DataStoreDump.TryServeAsync(http, this, path).ConfigureAwait(false)) return;
        if (Downloads.Match(path) is { } download)
        {
            await Downloads.ServeAsync(http, this, download).ConfigureAwait(false);
            return;
        }
        string? action = null;
        foreach (var prefix in new[] { "/api/3/action/", "/api/action/" })
            if (path.StartsWith(prefix, StringComparison.Ordinal)) action = path[prefix.Length..].Trim('/');
        if (action is null)
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("<html><body>404 Not Found</body></html>").ConfigureAwait(false);
            return;
        }

        Calls.Count(action);
        if (RedirectAllTo is { } elsewhere && path.StartsWith("/api/3/action/", StringComparison.Ordinal))
        {
            http.Response.StatusCode = 307;
            http.Response.Headers.Location = new Uri(elsewhere, "api/action/" + action).AbsoluteUri;
            return;
        }
        var fault = Faults.Decide(action);
        if (!await ApplyFaultsAsync(http, action, fault).ConfigureAwait(false)) return;

        if (!_actions.TryGetValue(action, out var handler) || (handler.Since is { } since && _version < since)
            || (handler.Harvest && !Options.HarvestPlugin) || (handler.DataStore && !Options.DataStorePlugin))
        {
            await WriteJsonAsync(http, 400, JsonValue.Create($"Bad request - Action name not known: {action}")).ConfigureAwait(false);
            return;
        }

        JsonObject parameters;
        try
        {
            parameters = await ReadParametersAsync(http, handler).ConfigureAwait(false);
        }
        catch (CkanActionException e)
        {
            await WriteErrorAsync(http, action, e).ConfigureAwait(false);
            return;
        }

        if (Faults.Breaks(parameters))
        {
            await WriteServerErrorAsync(http, action).ConfigureAwait(false);
            return;
        }
        if (Faults.DeniedActions.Contains(action))
        {
            await WriteErrorAsync(http, action, CkanActionException.NotAuthorized($"Access denied: {action} is not allowed on this site")).ConfigureAwait(false);
            return;
        }
        if (Faults.Rejects(action, FakeCkanStore.Str(parameters, "name")))
        {
            await WriteErrorAsync(http, action, CkanActionException.Validation("name", "Injected rejection")).ConfigureAwait(false);
            return;
        }
        if (action == "datastore_create" && Options.LazyJsonType && await JsonType.EnterAsync(parameters).ConfigureAwait(false) is { } race)
        {
            await WriteErrorAsync(http, action, race).ConfigureAwait(false);
            return;
        }
        var caller = Authenticate(http.Request);
        JsonNode? result;
        try
        {
            lock (Store.Gate)
            {
                var context = new ActionContext(Store, Options, _version, parameters, caller?.DeepClone() as JsonObject, SiteUrl)
                {
                    Upload = http.Items.TryGetValue(UploadKey, out var part) ? part as UploadedPart : null,
                };
                result = handler.Run(context);
                if (!handler.SideEffectFree)
                {
                    Store.Counts.Invalidate();
                    Calls.CountWrite(action);
                }
            }
        }
        catch (CkanActionException e)
        {
            await WriteErrorAsync(http, action, e).ConfigureAwait(false);
            return;
        }
        Faults.TakeChange(action)?.Invoke();
        if (fault == FaultDecision.Slow)
        {
            // As on a loaded CKAN: the write is done and committed, only the answer is late. A client
            // that gave up meanwhile does not undo it, so its retry meets the record already there.
            try { await Task.Delay(Faults.SlowDelay, http.RequestAborted).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        if (Faults.TakeLostAnswer(action))
        {
            http.Abort(); // done, but the client never hears so
            return;
        }
        await WriteJsonAsync(http, 200, new JsonObject { ["help"] = Help(action), ["success"] = true, ["result"] = result }).ConfigureAwait(false);
    }

    private const string UploadKey = "fakeckan.upload";

    internal Version Version => _version;

    private string SiteUrl => Options.SiteUrl ?? BaseUrl.AbsoluteUri.TrimEnd('/');

    private JsonNode Help(string action) =>
        _version >= new Version(2, 3) ? $"{SiteUrl}/api/3/action/help_show?name={action}" : $"Help for {action} (CKAN 2.2 returns the whole docstring).";

    private async Task<bool> ApplyFaultsAsync(HttpContext http, string action, FaultDecision fault)
    {
        if (Faults.Latency > TimeSpan.Zero) await Task.Delay(Faults.Latency).ConfigureAwait(false);
        switch (fault)
        {
            case FaultDecision.Unavailable:
                http.Response.StatusCode = 503;
                await http.Response.WriteAsync("<html><body>503 Service Unavailable</body></html>").ConfigureAwait(false);
                return false;
            case FaultDecision.ServerError:
                await WriteServerErrorAsync(http, action).ConfigureAwait(false);
                return false;
            case FaultDecision.RateLimited:
                http.Response.StatusCode = 429;
                http.Response.Headers.RetryAfter = Faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.Response.WriteAsync("Too Many Requests").ConfigureAwait(false);
                return false;
            case FaultDecision.Drop:
                http.Abort();
                return false;
            default: // a slow answer is delayed after the action is carried out (see HandleAsync)

                return true;
        }
    }

    /// <summary>CKAN's _get_request_data: a GET-able action with a query string uses only the query string.</summary>
    private async Task<JsonObject> ReadParametersAsync(HttpContext http, ActionHandler handler)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) && !handler.SideEffectFree)
            throw CkanActionException.BadRequest("Bad request - JSON Error: Invalid request. Please use POST method for your request");
        if (handler.SideEffectFree && request.QueryString.HasValue && request.Query.Count > 0)
        {
            var fromQuery = new JsonObject();
            foreach (var (key, values) in request.Query)
                fromQuery[key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            return fromQuery;
        }
        if (HttpMethods.IsGet(request.Method)) return new JsonObject();
        if (request.HasFormContentType)
        {
            // CKAN's multipart calls: every field a string, the file under upload / image_upload.
            // No form limit of ASP.NET's own (128 MB): the site's max_resource_size is what refuses a file.
            var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = long.MaxValue }, CancellationToken.None).ConfigureAwait(false);
            var fields = new JsonObject();
            foreach (var (key, values) in form) fields[key] = values.ToString();
            if (form.Files.FirstOrDefault() is { } file)
            {
                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes).ConfigureAwait(false);
                http.Items[UploadKey] = new UploadedPart(file.Name, file.FileName, bytes.ToArray());
            }
            return fields;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            if (_version < new Version(2, 8) && !handler.SideEffectFree)
                throw CkanActionException.BadRequest("Bad request - JSON Error: No request body data");
            return new JsonObject();
        }
        var contentType = request.ContentType ?? "";
        // 2.11's Werkzeug answers a body that is not labelled JSON with 415 (recorded: post_no_content_type).
        if (_version >= new Version(2, 11) && !IsJsonType(contentType)) throw CkanActionException.Page(415);
        if (contentType.Length == 0)
            throw CkanActionException.BadRequest("Bad request - JSON Error: Error decoding JSON data. Error: <BadRequest '400: Bad Request'> JSON data extracted from the request: {}");
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            throw CkanActionException.BadRequest("Bad request - JSON Error: Error decoding JSON data. Error: <BadRequest '400: Bad Request'> JSON data extracted from the request: {}");
        }
        if (parsed is not JsonObject obj)
            throw CkanActionException.BadRequest($"Bad request - JSON Error: Request data JSON decoded to {PythonRepr(parsed)} but it needs to be a dictionary.");
        return obj;
    }

    /// <summary>Werkzeug's is_json: application/json, or any application/*+json.</summary>
    private static bool IsJsonType(string contentType)
    {
        var type = contentType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static string PythonRepr(JsonNode? node) => node switch
    {
        null => "None",
        JsonArray a => "[" + string.Join(", ", a.Select(PythonRepr)) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => $"'{s}'",
        _ => node.ToJsonString(),
    };

    /// <summary>
    /// The key, taken raw (no "Bearer"): before 2.11 from the configured header (X-CKAN-API-Key by
    /// default), else Authorization; from 2.11 only from the configured header (Authorization by
    /// default), as ckan/views/__init__.py reads it. An unknown key is not an error: the request
    /// just runs as anonymous, as in every CKAN version.
    /// </summary>
    internal JsonObject? Authenticate(HttpRequest request)
    {
        var onlyConfigured = _version >= new Version(2, 11);
        var header = Options.ApiTokenHeaderName ?? (onlyConfigured ? "Authorization" : "X-CKAN-API-Key");
        var key = request.Headers[header].FirstOrDefault();
        if (string.IsNullOrEmpty(key) && !onlyConfigured) key = request.Headers.Authorization.FirstOrDefault();
        if (string.IsNullOrEmpty(key)) return null;
        lock (Store.Gate)
        {
            if (Store.Tokens.TryGetValue(key, out var userId) && Store.Users.TryGetValue(userId, out var user))
            {
                Store.Portal.TokenUsed(key);
                if (FakeCkanStore.Str(user, "state") == "deleted") return null;
                if (_version >= new Version(2, 10)) user["last_active"] = Store.Now();
                return user;
            }
            // Legacy per-user API keys work before 2.10 only.
            if (_version < new Version(2, 10))
                return Store.Users.Values.FirstOrDefault(u => FakeCkanStore.Str(u, "apikey") == key && FakeCkanStore.Str(u, "state") != "deleted");
            return null;
        }
    }

    /// <summary>An exception inside the action: 2.8+ answers a JSON envelope, older versions an HTML page.</summary>
    private async Task WriteServerErrorAsync(HttpContext http, string action)
    {
        if (_version >= new Version(2, 8))
            await WriteJsonAsync(http, 500, new JsonObject { ["help"] = Help(action), ["success"] = false, ["error"] = new JsonObject { ["__type"] = "Internal Server Error", ["message"] = "Internal Server Error" } }).ConfigureAwait(false);
        else
        {
            http.Response.StatusCode = 500;
            await http.Response.WriteAsync("<html><body>Server Error</body></html>").ConfigureAwait(false);
        }
    }

    private async Task WriteErrorAsync(HttpContext http, string action, CkanActionException e)
    {
        if (e.HtmlPage)
        {
            await ErrorPage.WriteAsync(http, e.Status, Options.SiteTitle).ConfigureAwait(false);
            return;
        }
        if (e.BareBody is not null)
        {
            await WriteJsonAsync(http, e.Status, JsonValue.Create(e.BareBody)).ConfigureAwait(false);
            return;
        }
        if (e.Status >= 500 && _version < new Version(2, 8))
        {
            http.Response.StatusCode = e.Status;
            await http.Response.WriteAsync("<html><body>Server Error</body></html>").ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(http, e.Status, new JsonObject { ["help"] = Help(action), ["error"] = e.Error, ["success"] = false }).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext http, int status, JsonNode? body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        // Written as UTF-8 at once: a page of 1000 datasets is megabytes, which ToJsonString made a
        // UTF-16 string first and then copied to bytes. The bytes are the same (the default encoder).
        var bytes = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(bytes))
        {
            if (body is null) writer.WriteNullValue();
            else body.WriteTo(writer);
        }
        http.Response.ContentLength = bytes.WrittenCount;
        await http.Response.Body.WriteAsync(bytes.WrittenMemory).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
