using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Pipeline;
using FakeCkan;

namespace CkanMigrate.Tests.Support;

/// <summary>A run between two FakeCkan sites, each with its sysadmin's key, retrying once and quickly (a test waits for nothing).</summary>
internal static class SiteRun
{
    public static RunOptions Options(FakeCkanServer source, FakeCkanServer target, string workFolder) => new()
    {
        From = new Endpoint(source.BaseUrl, null, source.SysadminToken),
        To = new Endpoint(target.BaseUrl, null, target.SysadminToken),
        WorkFolder = workFolder,
        Transport = new CkanClientOptions { BaseUrl = source.BaseUrl, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
    };
}
