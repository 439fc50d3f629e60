using System.Diagnostics;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Ckan;

public sealed class CkanClientTests : IAsyncLifetime
{
    private FakeCkanServer _ckan = null!;

    public async Task InitializeAsync() => _ckan = await FakeCkanServer.StartAsync();

    public async Task DisposeAsync() => await _ckan.DisposeAsync();

    private CkanClient Client(string? key = null, int retries = 3, double timeoutSeconds = 10) => new(new CkanClientOptions
    {
        BaseUrl = _ckan.BaseUrl,
        ApiKey = key ?? _ckan.SysadminToken,
        MaxRetries = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(timeoutSeconds),
    });

    [Fact]
    public async Task Probe_reads_the_ckan_version_and_picks_capabilities()
    {
        using var client = Client();
        var site = await client.ProbeAsync();
        Assert.Equal("2.10.10", site.CkanVersion);
        Assert.True(site.Capabilities.SearchIncludePrivate);
        Assert.True(site.HasExtension("harvest"));
    }

    [Fact]
    public async Task Legacy_site_has_no_search_visibility_flags()
    {
        await using var legacy = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = legacy.BaseUrl });
        var site = await client.ProbeAsync();
        Assert.False(site.Capabilities.SearchIncludePrivate);
        Assert.False(site.Capabilities.GroupListPaging);
        Assert.False(site.Capabilities.PasswordHashes);
    }

    [Fact]
    public async Task Not_found_maps_to_NotFound_with_ckans_message_and_is_not_retried()
    {
        using var client = Client();
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("package_show", new JsonObject { ["id"] = "nope" }));
        Assert.Equal(CkanErrorKind.NotFound, e.Kind);
        Assert.Equal(404, e.HttpStatus);
        Assert.Equal("Not found", e.Message);
        Assert.Equal(1, _ckan.Calls["package_show"]);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Validation_error_keeps_the_field_map_without_type()
    {
        using var client = Client();
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("package_show", new JsonObject()));
        Assert.Equal(CkanErrorKind.Validation, e.Kind);
        Assert.Equal(409, e.HttpStatus);
        Assert.Equal("Missing value", e.FieldErrors!["name_or_id"]![0]!.ToString());
        Assert.Null(e.FieldErrors["__type"]);
        Assert.Equal(1, _ckan.Calls["package_show"]);
    }

    [Fact]
    public async Task Private_dataset_read_anonymously_is_NotAuthorized()
    {
        var org = Seed.Organization(_ckan, "org");
        Seed.Dataset(_ckan, "secret", org["id"]!.ToString(), isPrivate: true);
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = _ckan.BaseUrl, ApiKey = "bogus-key" });
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("package_show", new JsonObject { ["id"] = "secret" }));
        Assert.Equal(CkanErrorKind.NotAuthorized, e.Kind);
        Assert.StartsWith("Access denied: User  not authorized to read package", e.Message);
    }

    [Fact]
    public async Task Unknown_action_bare_string_body_maps_to_BadRequest()
    {
        using var client = Client();
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("no_such_action"));
        Assert.Equal(CkanErrorKind.BadRequest, e.Kind);
        Assert.Equal("Bad request - Action name not known: no_such_action", e.Message);
    }

    [Fact]
    public async Task Invalid_sort_maps_to_SearchQuery()
    {
        using var client = Client();
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("package_search", new JsonObject { ["sort"] = "nonsense" }));
        Assert.Equal(CkanErrorKind.SearchQuery, e.Kind);
        Assert.Contains("Invalid \"sort\" parameter", e.Message);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        using var client = Client(retries: 4);
        _ckan.Faults.FailNext(3);
        var result = await client.CallAsync("status_show");
        Assert.Equal("2.10.10", result!["ckan_version"]!.ToString());
        Assert.Equal(4, _ckan.Calls["status_show"]);
        Assert.Equal(3, client.RetryCount);
    }

    [Fact]
    public async Task Retries_are_bounded_and_end_in_a_transient_Server_error()
    {
        using var client = Client(retries: 2);
        _ckan.Faults.FailingActions.Add("status_show");
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("status_show"));
        Assert.Equal(CkanErrorKind.Server, e.Kind);
        Assert.Equal(500, e.HttpStatus);
        Assert.True(e.IsTransient);
        Assert.Equal(3, _ckan.Calls["status_show"]);
    }

    [Fact]
    public async Task Too_many_requests_waits_for_Retry_After()
    {
        using var client = Client(retries: 3);
        _ckan.Faults.RetryAfterSeconds = 1;
        _ckan.Faults.StartRateLimitBurst(1);
        var clock = Stopwatch.StartNew();
        await client.CallAsync("status_show");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal(2, _ckan.Calls["status_show"]);
    }

    [Fact]
    public async Task Dropped_connections_are_retried_then_reported_as_Transport()
    {
        using var client = Client(retries: 2);
        _ckan.Faults.DropRate = 1;
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("status_show"));
        Assert.Equal(CkanErrorKind.Transport, e.Kind);
        Assert.Equal(3, _ckan.Calls["status_show"]);
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_attempt_and_is_retried()
    {
        using var client = Client(retries: 1, timeoutSeconds: 0.3);
        _ckan.Faults.SlowRate = 1;
        _ckan.Faults.SlowDelay = TimeSpan.FromSeconds(5);
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("status_show"));
        Assert.Equal(CkanErrorKind.Transport, e.Kind);
        Assert.Contains("timed out", e.Message);
        Assert.Equal(2, _ckan.Calls["status_show"]);
    }

    [Fact]
    public async Task The_key_goes_raw_in_both_headers_and_no_cookie_is_sent()
    {
        using var client = Client(key: "my-token");
        await client.CallAsync("status_show");
        Assert.Equal("my-token", _ckan.LastHeaders["Authorization"]);
        Assert.Equal("my-token", _ckan.LastHeaders["X-CKAN-API-Key"]);
        Assert.False(_ckan.LastHeaders.ContainsKey("Cookie"));
        Assert.StartsWith("application/json", _ckan.LastHeaders["Content-Type"]);
    }

    [Fact]
    public async Task Error_messages_never_contain_the_key()
    {
        const string key = "super-secret-key-value";
        using var client = Client(key: key, retries: 0);
        _ckan.Faults.FailingActions.Add("status_show");
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("status_show"));
        Assert.DoesNotContain(key, e.Describe());
        Assert.DoesNotContain(key, e.ToString());
    }

    [Fact]
    public async Task Not_a_ckan_site_is_reported_as_such()
    {
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = new Uri(_ckan.BaseUrl, "/nothing-here/"), MaxRetries = 0 });
        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.CallAsync("status_show"));
        Assert.Equal(CkanErrorKind.NotFound, e.Kind);
        Assert.Contains("not JSON", e.Message);
    }
}
