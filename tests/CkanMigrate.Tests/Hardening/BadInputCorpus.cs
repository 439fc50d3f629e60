using System.IO.Compression;
using System.Text;

namespace CkanMigrate.Tests.Hardening;

/// <summary>
/// The bad-input corpus: every file an old system or a careless hand can produce, made on the fly.
/// Each case names the command to run on it, the exit code it must end with and a fragment of the
/// one-line message that must name the problem (and, for line errors, the file and line).
/// </summary>
public sealed record BadInputCase(string Name, string Command, Func<string, string> Make, int Exit, string Message, int? GoodRecordsOut = null)
{
    public override string ToString() => Name;

    private static readonly string Good1 = """{"id":"11111111-1111-4111-8111-111111111111","name":"good-one","owner_org":"pub","metadata_modified":"2024-01-01T00:00:00","extras":[],"tags":[],"resources":[]}""";
    private static readonly string Good2 = """{"id":"22222222-2222-4222-8222-222222222222","name":"good-two","owner_org":"pub","metadata_modified":"2024-01-02T00:00:00","extras":[],"tags":[],"resources":[]}""";

    private static Func<string, string> Text(string name, string content) => dir =>
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    };

    private static Func<string, string> Bytes(string name, byte[] content) => dir =>
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    };

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal)) gz.Write(content);
        return buffer.ToArray();
    }

    private static byte[] Truncated(byte[] gz) => gz[..(gz.Length * 2 / 3)];

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static byte[] ManyGood(int count) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i =>
        $$"""{"id":"{{Guid.NewGuid()}}","name":"many-{{i:D5}}","owner_org":"pub","metadata_modified":"2024-01-01T00:00:00","notes":"{{new string('x', 200)}}"}""" + "\n")));

    private static string HugeLine() =>
        $$"""{"id":"33333333-3333-4333-8333-333333333333","name":"huge","owner_org":"pub","metadata_modified":"2024-01-03T00:00:00","notes":"{{new string('n', 50 * 1024 * 1024)}}"}""";

    private const string Header = "uid,name,pass,mail,created\n";

    public static IEnumerable<BadInputCase> All()
    {
        // load datasets
        yield return new("load: truncated gzip", "load", Bytes("truncated.jsonl.gz", Truncated(Gzip(ManyGood(3000)))), 1, "truncated.jsonl.gz: the gzip data is damaged after line");
        yield return new("load: plain text named .gz", "load", Text("plain.jsonl.gz", Lines(Good1, Good2)), 0, "2 lines: 2 created");
        yield return new("load: gzip of garbage", "load", Bytes("garbage.jsonl.gz", Gzip(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray())), 3, "rejected");
        yield return new("load: UTF-8 byte order mark", "load", Bytes("bom.jsonl", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Lines(Good1, Good2))]), 0, "2 lines: 2 created");
        yield return new("load: CRLF line ends", "load", Text("crlf.jsonl", Good1 + "\r\n" + Good2 + "\r\n"), 0, "2 lines: 2 created");
        yield return new("load: blank lines", "load", Text("blank.jsonl", Lines("", Good1, "   ", Good2, "")), 0, "5 lines: 2 created, 0 updated, 0 unchanged, 3 skipped");
        yield return new("load: a JSON array instead of lines", "load", Text("array.json", "[" + Good1 + ",\n" + Good2 + "]\n"), 1, "array.json: line 1 opens a JSON array");
        yield return new("load: a pretty-printed JSON array", "load", Text("pretty.json", "[\n  " + Good1 + ",\n  " + Good2 + "\n]\n"), 1, "jq -c '.[]' pretty.json");
        yield return new("load: gzip of several members (gzip -c a b)", "load", Bytes("members.jsonl.gz", [.. Gzip(Encoding.UTF8.GetBytes(Lines(Good1))), .. Gzip(Encoding.UTF8.GetBytes(Lines(Good2)))]), 0, "2 lines: 2 created");
        yield return new("load: non-object lines", "load", Text("scalars.jsonl", Lines("42", "\"text\"", "null", "true", Good1)), 3, "scalars.jsonl line 1: a JSON number, not an object");
        yield return new("load: invalid UTF-8", "load", Bytes("latin1.jsonl", [.. Encoding.UTF8.GetBytes("{\"name\":\"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\",\"owner_org\":\"pub\"}\n"), .. Encoding.UTF8.GetBytes(Good1 + "\n")]), 3, "latin1.jsonl line 1: not valid UTF-8");
        yield return new("load: duplicate ids", "load", Text("dupes.jsonl", Lines(Good1, Good1, Good1)), 0, "3 lines: 1 created, 0 updated, 2 unchanged");
        yield return new("load: neither id nor name", "load", Text("anonymous.jsonl", Lines("""{"title":"who am I"}""", Good1)), 3, "anonymous.jsonl line 1: the record has neither an id nor a name");
        yield return new("load: tags as a string", "load", Text("tags.jsonl", Lines("""{"name":"t1","owner_org":"pub","tags":"a,b"}""", Good1)), 3, "tags.jsonl line 1: 'tags' must be a list of objects");
        yield return new("load: tags as strings", "load", Text("tags2.jsonl", Lines("""{"name":"t2","owner_org":"pub","tags":["a","b"]}""", Good1)), 3, "tags2.jsonl line 1: 'tags' item 1 must be an object");
        yield return new("load: extras as an object", "load", Text("extras.jsonl", Lines("""{"name":"e1","owner_org":"pub","extras":{"k":"v"}}""", Good1)), 3, "extras.jsonl line 1: 'extras' must be a list of objects");
        yield return new("load: an extra holding an object", "load", Text("extra-dict.jsonl", Lines("""{"name":"e2","owner_org":"pub","extras":[{"key":"k","value":{"a":1}}]}""", Good1)), 3, "extra-dict.jsonl line 1: extra");
        yield return new("load: resources as a string", "load", Text("resources.jsonl", Lines("""{"name":"r1","owner_org":"pub","resources":"http://x"}""", Good1)), 3, "resources.jsonl line 1: 'resources' must be a list of objects");
        yield return new("load: name as a list", "load", Text("name-list.jsonl", Lines("""{"name":["a"],"owner_org":"pub"}""", Good1)), 3, "name-list.jsonl line 1: 'name' must be a string");
        yield return new("load organizations: users as a string", "load-orgs", Text("orgs.jsonl", Lines("""{"name":"o1","users":"alice"}""", """{"name":"o2"}""")), 3, "orgs.jsonl line 1: 'users' must be a list of objects");

        // convert datasets
        yield return new("convert: truncated gzip", "convert", Bytes("c-truncated.jsonl.gz", Truncated(Gzip(ManyGood(3000)))), 1, "c-truncated.jsonl.gz: the gzip data is damaged after line");
        yield return new("convert: a malformed line among good ones", "convert", Text("c-mixed.jsonl", Lines(Good1, "{\"name\": oops}", Good2)), 3, "c-mixed.jsonl line 2: not valid JSON", 2);
        yield return new("convert: codelist without ids", "convert", Text("c-codelist.jsonl", Lines("""{"name":"c","codelist":[{"title":"x"}]}""", Good1)), 3, "c-codelist.jsonl line 1: 'codelist' must be a list of objects", 1);
        yield return new("convert: extras not a list", "convert", Text("c-extras.jsonl", Lines("""{"name":"c","extras":"k=v","qa":{}}""", Good1)), 3, "c-extras.jsonl line 1: 'extras' must be a list", 1);
        yield return new("convert: a numeric e-mail", "convert", Text("c-email.jsonl", Lines("""{"name":"c","author_email":12}""", Good1)), 3, "c-email.jsonl line 1: 'author_email' must be a string", 1);
        yield return new("convert: neither id nor name", "convert", Text("c-anonymous.jsonl", Lines("""{"title":"who am I","extras":[]}""", Good1)), 3, "c-anonymous.jsonl line 1: the record has neither an id nor a name", 1);
        yield return new("convert: a 50 MB line", "convert", Text("c-huge.jsonl", Lines(Good1, HugeLine(), Good2)), 0, "3 lines: 3 converted", 3);

        // convert users: the Drupal CSV and the users/organizations files
        yield return new("users: CSV without the needed columns", "users", Text("drupal.csv", "uid,name,mail\n1,a,a@x\n"), 1, "drupal.csv line 1: the header lacks column(s) pass, created");
        yield return new("users: CSV with a quote never closed", "users", Text("drupal.csv", Header + "1,\"alice,$S$D,a@x,1262863209\n2,bob,$S$D,b@x,1262863209\n"), 1, "drupal.csv line 2: a quoted field is never closed");
        yield return new("users: CSV with a non-numeric uid", "users", Text("drupal.csv", Header + "abc,alice,$S$D,a@x,1262863209\n2,bob,$S$D,b@x,1262863209\n"), 3, "drupal.csv line 2: uid 'abc' is not a number");
        yield return new("users: CSV with a non-numeric created", "users", Text("drupal.csv", Header + "1,alice,$S$D,a@x,yesterday\n"), 3, "drupal.csv line 2: created 'yesterday' is not a whole number of seconds");
        yield return new("users: CSV with too few fields", "users", Text("drupal.csv", Header + "1,alice\n"), 3, "drupal.csv line 2: 2 fields where the header has 5");
        yield return new("users: an empty CSV", "users", Text("drupal.csv", ""), 1, "drupal.csv: the file is empty");
        yield return new("users: a malformed users line", "users-badline", Text("drupal.csv", Header + "1,alice,$S$D,a@x,1262863209\n"), 3, "users.jsonl line 2: not valid JSON");

        // filter
        yield return new("filter: metadata_modified not a timestamp", "filter", Text("f-bad.jsonl", Lines("""{"id":"a","metadata_modified":"soon"}""", Good1)), 3, "f-bad.jsonl line 1: metadata_modified 'soon' is not a timestamp", 1);
        yield return new("filter: truncated gzip", "filter", Bytes("f-truncated.jsonl.gz", Truncated(Gzip(ManyGood(3000)))), 1, "f-truncated.jsonl.gz: the gzip data is damaged after line");
        yield return new("filter: plain text named .gz", "filter", Text("f-plain.jsonl.gz", Lines(Good1, Good2)), 0, "2 lines: 2 kept", 2);
        yield return new("filter: a malformed since", "filter-since", Text("f-ok.jsonl", Lines(Good1)), 2, "--since '2024-13-45' is not a valid ISO 8601 date or time");
        yield return new("filter: invalid UTF-8 outside metadata_modified", "filter", Bytes("f-latin1.jsonl", [.. Encoding.UTF8.GetBytes("{\"id\":\"x\",\"title\":\"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\",\"metadata_modified\":\"2024-01-01T00:00:00\"}\n" + Good2 + "\n")]), 3, "f-latin1.jsonl line 1: not valid UTF-8", 1);
        yield return new("filter: a truncated gzip of several members", "filter", Bytes("f-members.jsonl.gz", Truncated([.. Gzip(ManyGood(2000)), .. Gzip(ManyGood(2000))])), 1, "f-members.jsonl.gz: the gzip data is damaged after line");
        yield return new("filter: gzip of several members", "filter", Bytes("f-members-ok.jsonl.gz", [.. Gzip(ManyGood(1500)), .. Gzip(ManyGood(1500))]), 0, "3000 lines: 3000 kept", 3000);
        yield return new("filter: trailing garbage after the object", "filter", Text("f-trailing.jsonl", Lines(Good1 + " }", Good2)), 3, "f-trailing.jsonl line 1: not valid JSON", 1);

        // convert harvest sources
        yield return new("harvest: a source without a publisher", "harvest", Text("h.jsonl", Lines("""{"id":"h1","name":"h1","url":"https://x/","type":"gemini-waf","active":true}""")), 3, "h.jsonl line 1: harvest source 'h1' has no publisher_name", 0);
    }
}
