using System.Net.Http;
using System.Net.Sockets;
using CkanMigrate.Ckan;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §2: a URL that is not a CKAN API, or a connection that cannot work, ends in one line
/// that says what is wrong and what to give, without retrying what cannot get better; a retry that
/// may help is announced on stderr while it waits.
/// </summary>
public sealed class FailFastTests
{
    private static readonly string[] SlowRetries = ["--retries", "5", "--retry-delay", "30"];

    [Fact]
    public async Task The_api_path_appended_to_the_url_is_refused_with_the_base_url_to_give()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var given = new Uri(ckan.BaseUrl, "/api/3/action/").AbsoluteUri;

        var run = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", given);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"give the site's base URL: {ckan.BaseUrl.AbsoluteUri}", run.Stderr);
        Assert.Equal(0, ckan.RequestsSeen);
    }

    [Theory]
    [InlineData(404, "<html><body>Page not found</body></html>")]
    [InlineData(405, "<html><body>Method Not Allowed</body></html>")]
    [InlineData(501, "<html><body>Unsupported method ('POST')</body></html>")]
    [InlineData(200, "<html><head><title>Our data portal</title></head></html>")]
    public async Task A_web_server_that_is_not_ckan_gets_one_line_and_no_retries(int status, string html)
    {
        await using var web = await FakeCkanServer.StartAsync();
        web.AnswerEverythingWith = (status, html);

        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", web.BaseUrl.AbsoluteUri, .. SlowRetries]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{web.BaseUrl.AbsoluteUri} is not a CKAN API: /api/3/action/status_show answered HTTP {status}", run.Stderr);
        Assert.Equal(1, web.RequestsSeen);
        Assert.DoesNotContain("retrying", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_ckan_under_the_wrong_path_is_told_the_root_to_try()
    {
        await using var ckan = await FakeCkanServer.StartAsync();

        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", new Uri(ckan.BaseUrl, "/dataset/").AbsoluteUri, .. SlowRetries]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"answered HTTP 404; give the site's base URL (the address of its home page, e.g. {ckan.BaseUrl.AbsoluteUri}", run.Stderr);
        Assert.Equal(1, ckan.RequestsSeen);
    }

    [Fact]
    public async Task Https_to_a_plain_http_port_says_to_try_http()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var https = new UriBuilder(ckan.BaseUrl) { Scheme = "https" }.Uri;

        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", https.AbsoluteUri, .. SlowRetries]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the TLS handshake with 127.0.0.1:{ckan.BaseUrl.Port} failed: the port may speak plain http (try {ckan.BaseUrl.AbsoluteUri})", run.Stderr);
        Assert.DoesNotContain("retrying", run.Stderr);
    }

    [Fact]
    public async Task Plain_http_to_a_tls_port_says_to_try_https()
    {
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { Https = true });
        var http = new UriBuilder(ckan.BaseUrl) { Scheme = "http" }.Uri;

        var run = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", http.AbsoluteUri, "--retries", "1", "--retry-delay", "0.1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the port may expect https (try https://127.0.0.1:{ckan.BaseUrl.Port}/)", run.Stderr);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_named_with_the_way_out()
    {
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { Https = true });

        var run = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", ckan.BaseUrl.AbsoluteUri, .. SlowRetries]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the TLS certificate of 127.0.0.1:{ckan.BaseUrl.Port} is not trusted", run.Stderr);
        Assert.Contains("or give --insecure", run.Stderr);
        Assert.Equal(0, ckan.RequestsSeen); // the handshake failed: no request got through
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_said_in_plain_words_and_not_retried()
    {
        // The transport stands in for the resolver: the test sends nothing to any address.
        var transport = new FailingTransport(new HttpRequestException(HttpRequestError.NameResolutionError,
            "Name or service not known (data.exmaple.org:443)", new SocketException((int)SocketError.HostNotFound)));
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = new Uri("https://data.exmaple.org/"), MaxRetries = 5, RetryBaseDelay = TimeSpan.FromSeconds(30) }, transport);

        var e = await Assert.ThrowsAsync<CkanApiException>(() => client.ProbeAsync());

        Assert.Equal("cannot find the host 'data.exmaple.org' (DNS lookup failed): check the URL's spelling and this machine's network", e.Message);
        Assert.Equal(1, transport.Calls);
    }

    [Fact]
    public async Task A_retry_is_announced_with_its_wait_and_attempt()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        ckan.Faults.FailNext(2);

        var run = await CliProcess.RunAsync("dump", "datasets", "--all", "-r", ckan.BaseUrl.AbsoluteUri, "--retry-delay", "0.2");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches($@"retrying: 127\.0\.0\.1:{ckan.BaseUrl.Port} status_show: HTTP 500; retrying in [0-9.]+ s, attempt 2 of 6", run.Stderr);
        Assert.Contains("attempt 3 of 6", run.Stderr);
    }

    private sealed class FailingTransport(Exception failure) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw failure;
        }
    }
}
