using System.CommandLine;
using CkanMigrate.Ckan;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// The options every command that talks to one CKAN site shares, named as in ckanapi
/// (<c>-r</c>, <c>-a</c>, <c>--insecure</c>) plus our retry and timeout settings.
/// </summary>
internal sealed class ConnectionOptions
{
    public const string ApiKeyVariable = "CKAN_API_KEY";

    public Option<string> Remote { get; } = new("--remote", "-r")
    {
        Description = "Base URL of the CKAN site, e.g. https://data.example.org",
        Required = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key", "-a", "--apikey")
    {
        Description = $"API key or token (default: ${ApiKeyVariable}). Never printed.",
    };

    public Option<string?> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = "Read the key from this file (must not be readable by group or others)",
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Do not verify TLS certificates (every request)",
    };

    public Option<bool> AllowInsecureHttp { get; } = new("--allow-insecure-http")
    {
        Description = "Allow sending the key over plain http to a host that is not this machine",
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Retries of a call that failed transiently (5xx, 429, timeout, reset)",
        DefaultValueFactory = _ => 5,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds allowed for one attempt of one call",
        DefaultValueFactory = _ => 120,
    };

    public Option<double> RetryDelay { get; } = new("--retry-delay")
    {
        Description = "First backoff delay in seconds (doubles each retry, with jitter)",
        DefaultValueFactory = _ => 1,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Remote);
        command.Options.Add(ApiKey);
        command.Options.Add(ApiKeyFile);
        command.Options.Add(Insecure);
        command.Options.Add(AllowInsecureHttp);
        command.Options.Add(Retries);
        command.Options.Add(Timeout);
        command.Options.Add(RetryDelay);
    }

    public CkanClientOptions Read(ParseResult parse)
    {
        var url = SiteUrl.Parse(parse.GetValue(Remote)!);
        var key = KeyFile.Resolve(parse.GetValue(ApiKey), parse.GetValue(ApiKeyFile), ApiKeyFile.Name, ApiKeyVariable);
        SiteUrl.CheckKeyTransport(url, key, parse.GetValue(AllowInsecureHttp));
        var retries = parse.GetValue(Retries);
        if (retries < 0) throw new UsageException("--retries must be 0 or more");
        var timeout = parse.GetValue(Timeout);
        if (timeout <= 0) throw new UsageException("--timeout must be more than 0 seconds");
        return new CkanClientOptions
        {
            BaseUrl = url,
            ApiKey = key,
            Insecure = parse.GetValue(Insecure),
            MaxRetries = retries,
            AttemptTimeout = TimeSpan.FromSeconds(timeout),
            RetryBaseDelay = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(RetryDelay))),
            OnRetry = Console.Output.Retrying,
        };
    }
}
