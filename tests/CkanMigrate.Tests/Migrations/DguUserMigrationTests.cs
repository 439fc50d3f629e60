using System.Text.Json.Nodes;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Migrations;

/// <summary>spec/dgu-migration.md §5: the worked example of §15.2 and the fixes U1–U3, through the real CLI.</summary>
public sealed class DguUserMigrationTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string DrupalCsv = """
        uid,name,pass,mail,theme,signature,signature_format,created,access,login,status,timezone,language,picture,init,data
        1,alice,$S$Dalicehash,alice@x.gov.uk,,,,1262863209,0,0,1,,,0,alice@x.gov.uk,
        2,bob,$S$Dbobhash,bob@x.gov.uk,,,,1262863209,0,0,1,,,0,bob@x.gov.uk,
        3,carol,$S$Dcarolhash,carol@x.gov.uk,,,,1262863209,0,0,1,,,0,carol@x.gov.uk,
        9,erin,$S$Derinhash,erin@x.gov.uk,,,,1262863209,0,0,1,,,0,erin@x.gov.uk,
        10,dave,$S$Ddavehash,dave@x.gov.uk,,,,1262863209,0,0,1,,,0,dave@x.gov.uk,
        """;

    private string Users(params JsonObject[] users) => JsonLinesFile.Write(_dir.File("users.jsonl"), users);

    private string Orgs(params JsonObject[] orgs) => JsonLinesFile.Write(_dir.File("orgs.jsonl"), orgs);

    private string Csv(string text)
    {
        var path = _dir.File("drupal.csv");
        File.WriteAllText(path, text.Replace("\r\n", "\n") + "\n");
        return path;
    }

    private static JsonObject User(string name, params (string Key, JsonNode? Value)[] extra)
    {
        var u = new JsonObject { ["name"] = name, ["email"] = $"{name}@ckan.example", ["password_hash"] = null };
        foreach (var (k, v) in extra) u[k] = v;
        return u;
    }

    private static JsonObject Org1() => (JsonObject)JsonNode.Parse("""
        {"name":"org1","users":[{"name":"user_d1","capacity":"admin"},{"name":"plainuser","capacity":"editor"},{"name":"user_d99","capacity":"member"},{"name":"carol","capacity":"editor"},{"name":"ghost","capacity":"admin"}],
         "extras":[{"key":"contact-name","value":"A"},{"key":"contact-name","value":"B"},{"key":"category","value":"nhs"},{"key":"foi-web","value":"http://foi"}]}
        """)!;

    private async Task<CliResult> Convert(string users, string csv, string orgs, params string[] more) =>
        await CliProcess.RunAsync(["convert", "users", "--profile", "dgu", "-I", users, "--drupal-users", csv, "--organizations", orgs,
            "-O", _dir.File("users-out.jsonl"), "--organizations-out", _dir.File("orgs-out.jsonl"), "-q", .. more],
            new Dictionary<string, string?> { ["TZ"] = "UTC" });

    [Fact]
    public async Task Worked_example_15_2()
    {
        var users = Users(
            User("user_d1", ("activity", JsonNode.Parse("""[{"author":"someone"}]"""))),
            User("user_d2"),
            User("plainuser"),
            User("user_d99", ("password_hash", "old-hash")));

        var run = await Convert(users, Csv(DrupalCsv), Orgs(Org1()));

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = JsonLinesFile.Read(_dir.File("users-out.jsonl"));
        Assert.Equal(["user_d1", "plainuser", "user_d99", "carol@x.gov.uk"], written.Select(u => u["name"]!.ToString()));
        Assert.Equal("user_d1", written[0]["activity"]![0]!["author"]!.ToString());
        Assert.Equal(50, written[0]["password_hash"]!.ToString().Length);
        Assert.Equal(50, written[1]["password_hash"]!.ToString().Length);
        Assert.Equal("old-hash", written[2]["password_hash"]!.ToString());
        var carol = written[3];
        Assert.Equal("carol", carol["fullname"]!.ToString());
        Assert.Equal("carol@x.gov.uk", carol["email"]!.ToString());
        Assert.Equal("User account 3 imported from Drupal system", carol["about"]!.ToString());
        Assert.Equal("2010-01-07T11:20:09", carol["created"]!.ToString());
        Assert.False(carol["sysadmin"]!.GetValue<bool>());
        Assert.Equal("active", carol["state"]!.ToString());
        Assert.Null(carol["id"]);

        var org = JsonLinesFile.Read(_dir.File("orgs-out.jsonl")).Single();
        Assert.Equal(["user_d1/admin", "plainuser/editor", "user_d99/member", "carol@x.gov.uk/editor", "ghost/admin"],
            ((JsonArray)org["users"]!).Select(u => $"{u!["name"]}/{u["capacity"]}"));
        Assert.Equal("A", org["contact-name"]!.ToString());
        Assert.Equal("http://foi", org["foi-web"]!.ToString());
        Assert.Equal(["contact-name=B", "category=nhs"], ((JsonArray)org["extras"]!).Select(e => $"{e!["key"]}={e["value"]}"));
        Assert.Contains("No mapping found for organisation user: 1", run.Stderr);
        Assert.Contains("CKAN user not found in organisation: 1", run.Stderr);
        Assert.Contains("Cannot find drupal equivalent to ckan user: 1", run.Stderr);
        Assert.Contains("1 Drupal-only users written", run.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("users-out.jsonl")));
    }

    [Fact]
    public async Task Production_carries_the_drupal_hashes()
    {
        var run = await Convert(Users(User("user_d1")), Csv(DrupalCsv), Orgs(Org1()), "--production");

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = JsonLinesFile.Read(_dir.File("users-out.jsonl"));
        Assert.Equal("$S$Dalicehash", written.Single(u => u["name"]!.ToString() == "user_d1")["password_hash"]!.ToString());
        Assert.Equal("$S$Dcarolhash", written.Single(u => u["name"]!.ToString() == "carol@x.gov.uk")["password_hash"]!.ToString());
    }

    [Fact]
    public async Task U1_each_missing_input_is_named_in_a_clear_error()
    {
        var users = Users(User("user_d1"));
        var orgs = Orgs(Org1());
        var csv = Csv(DrupalCsv);

        var noCsv = await Convert(users, _dir.File("missing.csv"), orgs);
        var noOrgs = await Convert(users, csv, _dir.File("missing-orgs.jsonl"));

        Assert.Equal(2, noCsv.ExitCode);
        Assert.Contains("Drupal users CSV", noCsv.Stderr);
        Assert.Contains("missing.csv: no such file", noCsv.Stderr);
        Assert.Equal(2, noOrgs.ExitCode);
        Assert.Contains("missing-orgs.jsonl: no such file", noOrgs.Stderr);
        Assert.DoesNotContain("   at ", noCsv.Stderr + noOrgs.Stderr);
        Assert.False(File.Exists(_dir.File("users-out.jsonl")));
    }

    [Fact]
    public async Task U2_production_does_not_crash_on_a_pure_ckan_user_and_keeps_its_hash()
    {
        var run = await Convert(Users(User("plainuser", ("password_hash", "$pbkdf2-sha512$kept")), User("nohash")),
            Csv(DrupalCsv), Orgs(new JsonObject { ["name"] = "o", ["users"] = JsonNode.Parse("""[{"name":"plainuser","capacity":"admin"},{"name":"nohash","capacity":"member"}]"""), ["extras"] = new JsonArray() }),
            "--production");

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = JsonLinesFile.Read(_dir.File("users-out.jsonl"));
        Assert.Equal("$pbkdf2-sha512$kept", written[0]["password_hash"]!.ToString());
        Assert.Equal(50, written[1]["password_hash"]!.ToString().Length);
    }

    [Fact]
    public async Task U3_an_organization_without_users_or_extras_is_converted()
    {
        var run = await Convert(Users(User("user_d1")), Csv(DrupalCsv), Orgs(Org1(), new JsonObject { ["name"] = "empty-org", ["title"] = "No members" }));

        Assert.True(run.ExitCode == 0, run.ToString());
        var orgs = JsonLinesFile.Read(_dir.File("orgs-out.jsonl"));
        Assert.Equal(["org1", "empty-org"], orgs.Select(o => o["name"]!.ToString()));
        Assert.Contains("2 lines: 2 converted", run.Stderr);
    }

    [Fact]
    public async Task Bad_lines_and_bad_drupal_rows_are_reported_and_the_rest_goes_through()
    {
        var users = _dir.File("users.jsonl");
        File.WriteAllLines(users, [User("user_d1").ToJsonString(), "{not json", User("plainuser").ToJsonString()]);
        var csv = Csv(DrupalCsv + "\nx7,mallory,$S$Dm,m@x.gov.uk,,,,notanumber,0,0,1,,,0,,\n11,nodate,$S$Dn,n@x.gov.uk,,,,soon,0,0,1,,,0,,");
        var rejects = _dir.File("rejects.jsonl");

        var run = await Convert(users, csv, Orgs(Org1()), "--rejects", rejects);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("drupal.csv line 7: uid 'x7' is not a number", run.Stderr);
        Assert.Contains("drupal.csv line 8: created 'soon' is not a whole number of seconds", run.Stderr);
        Assert.Equal(["{not json"], File.ReadAllLines(rejects));
        Assert.Equal(["user_d1", "plainuser", "carol@x.gov.uk"], JsonLinesFile.Read(_dir.File("users-out.jsonl")).Select(u => u["name"]!.ToString()));
        Assert.Contains("3 lines: 2 converted, 0 skipped, 1 rejected", run.Stderr);
    }

    [Fact]
    public async Task A_drupal_csv_without_the_needed_columns_is_refused()
    {
        var run = await Convert(Users(User("user_d1")), Csv("uid,name,mail\n1,alice,a@x"), Orgs(Org1()));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("drupal.csv line 1: the header lacks column(s) pass, created", run.Stderr);
        Assert.False(File.Exists(_dir.File("users-out.jsonl")));
    }

    [Fact]
    public async Task Both_csv_quoting_styles_and_multi_line_fields_are_read()
    {
        var text = "uid,name,pass,mail,created,signature\n"
                   + "1,\"O\"\"Brien\",$S$D1,ob@x.gov.uk,1262863209,\"two\nlines\"\n"
                   + "2,\"say \\\"hi\\\"\",$S$D2,hi@x.gov.uk,1262863209,\"back\\\\slash\"\n";
        var path = _dir.File("quoted.csv");
        File.WriteAllText(path, text);

        var table = await DrupalUsersTable.LoadAsync(path);

        Assert.Empty(table.BadRows);
        Assert.Equal("O\"Brien", table.ByUid["1"].Name);
        Assert.Equal("say \"hi\"", table.ByUid["2"].Name);
        Assert.Equal("hi@x.gov.uk", table.ByUid["2"].Mail);
    }

    [Fact]
    public void The_random_hash_is_50_printable_characters_and_never_repeats()
    {
        var a = RandomPasswordHash.Next();
        var b = RandomPasswordHash.Next();
        Assert.Equal(50, a.Length);
        Assert.All(a, c => Assert.Contains(c, DguTables.RandomHashAlphabet));
        Assert.NotEqual(a, b);
        Assert.Equal(94, DguTables.RandomHashAlphabet.Distinct().Count());
    }
}
