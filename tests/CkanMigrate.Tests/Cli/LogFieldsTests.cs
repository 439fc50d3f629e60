using System.Text.Json.Nodes;
using CkanMigrate.Reporting;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §5: the -l fields each verb's help lists (from <see cref="LogFields"/>) are the fields
/// its log really holds: every verb is run with -l over records that end in each outcome.
/// </summary>
public sealed class LogFieldsTests
{
    private static string Sample(string name) => Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", name);

    [Fact]
    public async Task File_verbs_write_only_the_fields_their_help_lists()
    {
        using var temp = new TempFolder();
        var runs = new (string Log, IReadOnlyList<string> Fields, string[] Args)[]
        {
            ("datasets.log", LogFields.Convert, ["convert", "datasets", "-I", Sample("datasets.jsonl"), "-O", temp.File("d.jsonl")]),
            ("harvest.log", LogFields.Convert, ["convert", "harvest-sources", "-I", Sample("harvest-sources.jsonl"), "-O", temp.File("h.jsonl")]),
            ("users.log", LogFields.ConvertUsers, ["convert", "users", "-I", Sample("users.jsonl"), "--organizations", Sample("organizations.jsonl"),
                "--drupal-users", Sample("drupal_users.csv"), "-O", temp.File("u.jsonl"), "--organizations-out", temp.File("o.jsonl")]),
            ("filter.log", LogFields.Filter, ["filter", "--since", "2017-01-01", "-I", Sample("datasets.jsonl"), "-O", temp.File("f.jsonl")]),
        };
        foreach (var (log, fields, args) in runs)
        {
            var run = await CliProcess.RunAsync([.. args, "-l", temp.File(log), "-q"]);
            Assert.True(run.ExitCode is 0 or 3, run.ToString());
            AssertOnlyListed(temp.File(log), fields);
        }
    }

    [Fact]
    public async Task Load_and_dump_write_only_the_fields_their_help_lists()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var organization = Seed.Organization(ckan, "org");
        Seed.Dataset(ckan, "there", organization["id"]!.ToString());
        ckan.Faults.RejectedNames.Add("refused");
        using var temp = new TempFolder();
        var input = temp.File("datasets.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            $"{{\"name\":\"new\",\"title\":\"New\",\"owner_org\":\"{organization["id"]}\",\"extras\":[{{\"key\":\"k\",\"value\":\"v\"}}]}}",
            $"{{\"name\":\"refused\",\"title\":\"R\",\"owner_org\":\"{organization["id"]}\"}}",
            "not json",
            "",
        ]);
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken };

        var load = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.AbsoluteUri, "-l", temp.File("load.log"), "-q"], env);
        Assert.Equal(3, load.ExitCode);
        AssertOnlyListed(temp.File("load.log"), LogFields.Load);

        ckan.Faults.BrokenRecords.Add("there");
        var dump = await CliProcess.RunAsync(["dump", "datasets", "there", "new", "-r", ckan.BaseUrl.AbsoluteUri, "-O", temp.File("out.jsonl"),
            "-l", temp.File("dump.log"), "-q", "--retries", "0"], env);
        Assert.Equal(3, dump.ExitCode);
        AssertOnlyListed(temp.File("dump.log"), LogFields.Dump);
    }

    private static void AssertOnlyListed(string log, IReadOnlyList<string> fields)
    {
        var entries = File.ReadAllLines(log).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
            foreach (var (key, _) in entry)
                Assert.True(fields.Contains(key), $"{Path.GetFileName(log)} writes '{key}', which its help does not list ({LogFields.Describe(fields)})");
    }
}
