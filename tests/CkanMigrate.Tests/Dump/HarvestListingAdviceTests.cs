using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Dump;

/// <summary>
/// Issue #23 §2: when no harvest sources are found through package_search, the warning's advice is a
/// command that works — it recommended `--via show`, which dump refuses for harvest sources, and
/// run (which repeats the warning in its report) has no --via at all. Each advice is run as printed.
/// </summary>
public sealed class HarvestListingAdviceTests : IDisposable
{
    private const string AdviceStart = "dump them with: ";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A site whose one harvest source the search index has not caught up with: package_search finds none, the database has it.</summary>
    private static async Task<FakeCkanServer> SiteWithUnindexedHarvestSourceAsync()
    {
        var source = await FakeCkanServer.StartAsync();
        var organization = Seed.Organization(source, "pub");
        source.Store.PauseIndexing();
        source.Store.SeedDataset(new JsonObject
        {
            ["name"] = "csw-one", ["title"] = "CSW", ["type"] = "harvest", ["url"] = "https://a.example/csw", ["source_type"] = "csw",
            ["frequency"] = "MANUAL", ["owner_org"] = organization["id"]!.ToString(),
        });
        return source;
    }

    private async Task AssertAdviceWorksAsync(string stderr, FakeCkanServer source)
    {
        var line = stderr.Split('\n').SingleOrDefault(l => l.Contains(AdviceStart, StringComparison.Ordinal));
        Assert.True(line is not null, $"no advice in:\n{stderr}");
        var advice = line[(line.IndexOf(AdviceStart, StringComparison.Ordinal) + AdviceStart.Length)..].Trim().Split(' ');
        Assert.Equal("ckan-migrate", advice[0]);
        var output = _dir.File("advised.jsonl");

        var advised = await CliProcess.RunAsync([.. advice.Skip(1), "-O", output, "-q"], new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken });

        Assert.True(advised.ExitCode == 0, $"the advice '{string.Join(' ', advice)}' did not work: {advised}");
        Assert.Equal(["https://a.example/csw"], JsonLinesFile.Read(output).Select(r => r["url"]?.ToString()));
    }

    [Fact]
    public async Task Dump_advises_a_listing_that_dump_accepts()
    {
        await using var source = await SiteWithUnindexedHarvestSourceAsync();

        var dump = await CliProcess.RunAsync(["dump", "harvest-sources", "--all", "-r", source.BaseUrl.AbsoluteUri, "-O", _dir.File("h.jsonl"), "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken });

        Assert.True(dump.ExitCode == 0, dump.ToString());
        await AssertAdviceWorksAsync(dump.Stderr, source);
    }

    [Fact]
    public async Task Run_advises_a_whole_command_not_an_option_it_does_not_have()
    {
        await using var source = await SiteWithUnindexedHarvestSourceAsync();
        await using var target = await FakeCkanServer.StartAsync();

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", _dir.File("work"), "-q", "--no-files"],
            new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

        Assert.True(run.ExitCode == 0, run.ToString());
        await AssertAdviceWorksAsync(run.Stderr, source);
    }
}
