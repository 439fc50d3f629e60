using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Hardening;

/// <summary>
/// Every file of the bad-input corpus through the reader that meets it: the documented exit code, a
/// one-line error naming the file and line, never a stack trace, never a half-written output; and
/// in load and convert the good records around the bad ones still go through.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private FakeCkanServer _ckan = null!;

    public async Task InitializeAsync()
    {
        _ckan = await FakeCkanServer.StartAsync();
        Seed.Organization(_ckan, "pub");
    }

    public async Task DisposeAsync()
    {
        await _ckan.DisposeAsync();
        _dir.Dispose();
    }

    public static TheoryData<BadInputCase> Cases()
    {
        var data = new TheoryData<BadInputCase>();
        foreach (var c in BadInputCase.All()) data.Add(c);
        return data;
    }

    [Fact]
    /// <summary>A check of this test's own fixture, not of the tool: it fails if cases of the corpus stop being found.</summary>
    public void Fixture_check_the_bad_input_corpus_still_holds_its_30_or_more_cases() => Assert.True(BadInputCase.All().Count() >= 30);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gives_a_clear_one_line_error_and_no_partial_output(BadInputCase c)
    {
        var input = c.Make(_dir.Path);
        var output = _dir.File("out.jsonl");
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = _ckan.SysadminToken };
        string[] args = c.Command switch
        {
            "load" => ["load", "datasets", "-I", input, "-r", _ckan.BaseUrl.ToString(), "-l", _dir.File("log.jsonl")],
            "load-orgs" => ["load", "organizations", "-I", input, "-r", _ckan.BaseUrl.ToString(), "-l", _dir.File("log.jsonl")],
            "convert" => ["convert", "datasets", "--profile", "dgu", "-I", input, "-O", output, "-l", _dir.File("log.jsonl")],
            "users" or "users-badline" => UsersArgs(input, output, c.Command == "users-badline"),
            "filter" => ["filter", "--since", "2020-01-01", "-I", input, "-O", output, "-l", _dir.File("log.jsonl")],
            "filter-since" => ["filter", "--since", "2024-13-45", "-I", input, "-O", output],
            "harvest" => ["convert", "harvest-sources", "-I", input, "-O", output, "-l", _dir.File("log.jsonl")],
            _ => throw new ArgumentException(c.Command),
        };

        var run = await CliProcess.RunAsync([.. args, "-q"], env);

        var said = run.Stderr + string.Join("\n", File.Exists(_dir.File("log.jsonl")) ? File.ReadAllLines(_dir.File("log.jsonl")) : []);
        Assert.True(run.ExitCode == c.Exit, $"{c.Name}: {run}");
        Assert.Contains(c.Message, said);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
        if (c.Exit is 1 or 2)
            Assert.False(File.Exists(output), "a failed run left an output file");
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_dir.Path, ".*tmp")));
        if (c.GoodRecordsOut is { } good)
            Assert.Equal(good, JsonLinesFile.Read(output).Count);
        if (c.Command == "load" && c.Name.Contains("gzip") && c.Exit == 1)
            Assert.NotNull(_ckan.Store.GetDataset("many-00000")); // the records before the damage went in
        else if (c.Command == "load" && File.ReadLines(input).Any(l => l.Trim('\uFEFF', '\r', ' ').StartsWith("{\"id\":\"1111") && l.Trim('\r', ' ').EndsWith("]}")))
            Assert.NotNull(_ckan.Store.GetDataset("good-one")); // the good record beside the bad ones went in
    }

    private string[] UsersArgs(string csv, string output, bool badUsersLine)
    {
        var users = JsonLinesFile.Write(_dir.File("users.jsonl"), [new JsonObject { ["name"] = "user_d1", ["email"] = "a@x" }]);
        if (badUsersLine) File.AppendAllText(users, "{\"name\": \n");
        var orgs = JsonLinesFile.Write(_dir.File("orgs.jsonl"), [new JsonObject { ["name"] = "o", ["users"] = JsonNode.Parse("""[{"name":"user_d1","capacity":"admin"}]"""), ["extras"] = new JsonArray() }]);
        return ["convert", "users", "-I", users, "--drupal-users", csv, "--organizations", orgs, "-O", output, "--organizations-out", _dir.File("orgs-out.jsonl"), "-l", _dir.File("log.jsonl")];
    }
}
