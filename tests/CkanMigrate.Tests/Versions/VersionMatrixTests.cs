using CkanMigrate.Entities;
using CkanMigrate.Ckan;
using CkanMigrate.Pipeline;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Versions;

/// <summary>
/// Issue #25 §1: the core migration on every pair of CKAN versions people run — a source of 2.2,
/// 2.9, 2.10 or 2.11 into a target of 2.9, 2.10 or 2.11 (and 2.12, from ckan master). Each pair: a run, verify clean, and a
/// second run that writes nothing to the target. In-process (no CLI start per step), small data.
/// </summary>
public sealed class VersionMatrixTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static readonly TheoryData<string, string> Pairs = new()
    {
        { FakeCkanOptions.Legacy, "2.9.9" }, { FakeCkanOptions.Legacy, FakeCkanOptions.Modern }, { FakeCkanOptions.Legacy, FakeCkanOptions.Ckan211 },
        { "2.9.9", "2.9.9" }, { "2.9.9", FakeCkanOptions.Modern }, { "2.9.9", FakeCkanOptions.Ckan211 },
        { FakeCkanOptions.Modern, "2.9.9" }, { FakeCkanOptions.Modern, FakeCkanOptions.Modern }, { FakeCkanOptions.Modern, FakeCkanOptions.Ckan211 },
        { FakeCkanOptions.Ckan211, "2.9.9" }, { FakeCkanOptions.Ckan211, FakeCkanOptions.Modern }, { FakeCkanOptions.Ckan211, FakeCkanOptions.Ckan211 },
        // Ready for 2.12 (unreleased: FakeCkan imitates ckan master).
        { FakeCkanOptions.Modern, FakeCkanOptions.Ckan212 }, { FakeCkanOptions.Ckan211, FakeCkanOptions.Ckan212 },
    };

    private RunOptions Options(FakeCkanServer source, FakeCkanServer target, string work) => SiteRun.Options(source, target, _dir.File(work));

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task The_core_portal_migrates_verifies_clean_and_a_second_run_writes_nothing(string sourceVersion, string targetVersion)
    {
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { CkanVersion = sourceVersion });
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { CkanVersion = targetVersion });
        await MatrixPortal.SeedAsync(source);

        var first = await new MigrationRun(Options(source, target, "work")).RunAsync();
        Assert.True(first.Clean, File.ReadAllText(first.ReportPath));
        var verified = await new Verifier(Options(source, target, "verify") with { Files = true, DataStore = true }).VerifyAsync();
        Assert.True(verified.All(k => k.Clean), Verifier.Markdown(Options(source, target, "verify"), verified));
        Assert.Equal(MatrixPortal.UploadBytes, target.Store.GetResourceFile(MatrixPortal.UploadId));
        Assert.Equal(MatrixPortal.TableRows, target.Store.TableRows(MatrixPortal.TableId)!.Count);
        Assert.Equal("draft", target.Store.GetDataset("draft-data")!["state"]!.ToString());
        Assert.True(target.Store.GetDataset("closed-data")!["private"]!.GetValue<bool>());
        Assert.Equal(MatrixPortal.HasHarvestDatasets(source), target.Store.GetDataset("matrix-harvest") is not null);
        Assert.Equal(MatrixPortal.HasUsers(source), target.Store.GetUser("bob") is not null);
        Assert.Equal(MatrixPortal.HasLegacyIds(source), target.Store.GetDataset("legacy-ids") is not null);

        target.Calls.Reset();
        var second = await new MigrationRun(Options(source, target, "work")).RunAsync();

        Assert.True(second.Clean, File.ReadAllText(second.ReportPath));
        Assert.Empty(target.Calls.Writes());
    }
}
