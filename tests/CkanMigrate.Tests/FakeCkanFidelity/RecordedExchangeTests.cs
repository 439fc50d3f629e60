using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;
using Xunit.Abstractions;
using static CkanMigrate.Tests.FakeCkanFidelity.ExchangeReplay;
using static CkanMigrate.Tests.FakeCkanFidelity.RecordedSetup;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// Replays the 143 request/response pairs recorded from a real CKAN 2.10.10 (shared/spec) against a
/// modern FakeCkan, in recording order, and compares status, error bodies and the shape of results.
/// What passes here is what the tool can trust FakeCkan on; the few known gaps are listed with why.
/// </summary>
public sealed partial class RecordedExchangeTests(ITestOutputHelper output)
{
    /// <summary>Cases FakeCkan does not reproduce, each with the reason. Everything else must match.</summary>
    private static readonly Dictionary<string, string> KnownGaps = new()
    {
        ["organization_update_without_users"] = "the datasets listed in an update's answer come in an order FakeCkan does not reproduce",
        ["organization_patch_without_users"] = "CKAN 2.10 brought back the three members the previous organization_update had removed; FakeCkan keeps them removed (the loader never updates without users)",
        ["organization_show_users_after_patch"] = "follows from the unexplained member revival above",
        ["member_list_organization_users"] = "follows from the unexplained member revival above",
        ["organization_list_for_user_editor_default_perm"] = "follows from the unexplained member revival above",
        ["organization_list_for_user_editor_read_perm"] = "follows from the unexplained member revival above",
        ["group_show_before_update"] = "datasets listed in group_show are Solr copies: their organization is as it was at index time",
        ["group_update_without_packages_or_users"] = "datasets listed in the answer are Solr copies (organization as at index time)",
        ["group_show_after_update"] = "datasets listed in group_show are Solr copies (organization as at index time)",
        ["package_search_harvest_type_included_by_default"] = "search results are Solr copies: the organization is as it was when the dataset was indexed",
        ["package_search_fq_dataset_type_harvest"] = "search results are Solr copies: the organization is as it was when the dataset was indexed",
        ["organization_show_include_datasets_limit"] = "whether organization_show's datasets carry tags/extras/resources differs between the two recorded cases",
        ["package_search_sort_id_asc"] = "the 1005 bulk datasets were made outside the recording with random ids, so id order differs",
        ["organization_create_minimal"] = "number_created_packages counts one dataset more in the recording than FakeCkan can account for",
        ["member_list_organization_packages"] = "member rows come back in database order, which the recording does not reveal for seeded datasets",
    };

    [SharedFact]
    public async Task FakeCkan_answers_the_recorded_exchanges_like_CKAN_2_10()
    {
        // The recording site: stock CKAN 2.10.10 with only the activity plugin.
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode() with { SiteTitle = "CKAN target", HarvestPlugin = false, DataStorePlugin = false, ViewPlugins = [], ShowcasePlugin = false, PagesPlugin = false });
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        var site = ckan.BaseUrl.AbsoluteUri.TrimEnd('/');
        var failures = new List<string>();
        var replayed = 0;
        var exchanges = File.ReadLines(SharedFiles.Path("spec", "ckan-2.10-exchanges.jsonl")).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        var byCase = exchanges.ToDictionary(e => e["case"]!.ToString());
        foreach (var exchange in exchanges)
        {
            var name = exchange["case"]!.ToString();
            if (name == "organization_list_default") SeedBulkData(ckan);
            if (UnrecordedSetup.TryGetValue(name, out var setup)) SeedFromRecording(ckan, byCase[setup.From], setup.Kind, setup.State, ids);
            var (status, body) = await SendAsync(http, ckan, MapIds((JsonObject)exchange["request"]!, ids));
            LearnIds(exchange["response"], body, ids);
            replayed++;
            var diffs = new List<string>();
            var expectedStatus = exchange["status"]!.GetValue<int>();
            if (status != expectedStatus) diffs.Add($"status {status}, recorded {expectedStatus}");
            var truncated = exchange["truncated_path"]?.ToString();
            Compare(exchange["response"], body, "response", site, truncated, diffs);
            ExchangeReplay.Judge(name, diffs, KnownGaps, output, failures);
        }
        Assert.Equal(143, replayed);
        Assert.True(failures.Count == 0, $"{failures.Count} exchanges differ:\n" + string.Join("\n", failures));
    }
}
