using CkanMigrate.Migrations;
using CkanMigrate.Profiles;

namespace CkanMigrate.Tests.Profiles;

/// <summary>JavaScript transmutators: called like any other, sandboxed, limited per record, safe on several threads.</summary>
public sealed class ScriptTests
{
    private static string Profile(string functions, string validators) => $$"""
        functions: |
        {{string.Join("\n", functions.Split('\n').Select(l => "  " + l))}}
        datasets:
          root: D
          types:
            D:
              fields:
                f: {validators: [{{validators}}]}
        """;

    [Fact]
    public void A_function_is_called_with_the_value_and_its_arguments()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("p.yaml", Profile("function wrap(v, left, right) { return left + v.toUpperCase() + right; }", "[wrap, '<', '>']"));
        Assert.Equal("""{"id":"1","f":"<ABC>"}""", ProfileHarness.Convert(profile, """{"id":"1","f":"abc"}""").Json);
    }

    [Fact]
    public void Lists_and_objects_go_in_and_come_back()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("p.yaml", Profile("function names(v) { return v.map(function (x) { return {n: x.name, k: 2}; }); }", "names"));
        Assert.Equal("""{"id":"1","f":[{"n":"a","k":2}]}""", ProfileHarness.Convert(profile, """{"id":"1","f":[{"name":"a"}]}""").Json);
    }

    [Fact]
    public void A_thrown_error_rejects_the_record_with_its_message_and_the_profile_line()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("p.yaml", Profile("function check(v) {\n  if (v.length > 3) throw new Error('too long: ' + v);\n  return v;\n}", "check"));
        Assert.Equal(ConversionOutcome.Converted, ProfileHarness.Convert(profile, """{"id":"1","f":"abc"}""").Result.Outcome);
        var (result, _) = ProfileHarness.Convert(profile, """{"id":"1","f":"abcd"}""");
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.Contains("too long: abcd", result.Reason);
        Assert.Contains("rule at p.yaml:11", result.Reason); // the validators line
        Assert.Contains("script at p.yaml:3", result.Reason); // the throw, inside the inline block
    }

    [Theory]
    [InlineData("function f(v) { while (true) {} }", "stopped")]
    [InlineData("function f(v) { return f(v); }", "stopped")]
    [InlineData("function f(v) { var a = []; while (true) a.push(new Array(100000).join('x')); }", "stopped")]
    [InlineData("function f(v) { return Math.random(); }", "Math.random is not available")]
    [InlineData("function f(v) { return typeof System === 'undefined' && typeof importNamespace === 'undefined' ? undefined : 'clr'; }", "returned nothing")]
    public void The_sandbox_stops_what_a_conversion_must_not_do(string function, string reason)
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("p.yaml", Profile(function, "f"));
        var (result, _) = ProfileHarness.Convert(profile, """{"id":"1","f":"x"}""");
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.Contains(reason, result.Reason);
    }

    [Fact]
    public void The_clock_is_stopped_and_globals_are_frozen()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("p.yaml", Profile("var seen = 0;\nfunction f(v) { return new Date().toISOString() + ' ' + Date.now(); }\nfunction g(v) { seen = seen + 1; return seen; }", "f"));
        Assert.Equal("""{"id":"1","f":"1970-01-01T00:00:00.000Z 0"}""", ProfileHarness.Convert(profile, """{"id":"1","f":"x"}""").Json);
        var counting = harness.Load("q.yaml", Profile("var seen = 0;\nfunction g(v) { seen = seen + 1; return seen; }", "g"));
        Assert.Contains("threw", ProfileHarness.Convert(counting, """{"id":"1","f":"x"}""").Result.Reason);
    }

    [Fact]
    public void Script_problems_are_found_when_the_profile_is_read()
    {
        using var harness = new ProfileHarness();
        var syntax = Assert.Single(harness.Problems("p.yaml", Profile("function f(v) {\n  return v +;\n}", "f")));
        Assert.Equal(("functions", 3), (syntax.Key, syntax.Line));
        var unknown = Assert.Single(harness.Problems("q.yaml", Profile("function f(v) { return v; }", "g")));
        Assert.Contains("no transmutator is called 'g'", unknown.Message);
    }

    [Fact]
    public void Functions_may_come_from_a_file()
    {
        using var harness = new ProfileHarness();
        harness.Write("lib/fns.js", "function shout(v) { return v + '!'; }\n");
        var profile = harness.Load("p.yaml", "functions: lib/fns.js\ndatasets: {root: D, types: {D: {fields: {f: {validators: [shout]}}}}}\n");
        Assert.Equal("""{"id":"1","f":"x!"}""", ProfileHarness.Convert(profile, """{"id":"1","f":"x"}""").Json);
    }

    [Fact]
    public async Task Converters_run_on_several_threads_at_once()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("p.yaml", Profile("function tag(v, n) { return v + '-' + n; }", "[tag, 7]"));
        var converter = profile.ConverterFor(Entities.EntityKind.Datasets)!;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            Enumerable.Range(0, 300).All(i => ProfileHarness.Convert(profile, $$"""{"id":"{{t}}","f":"r{{i}}"}""").Json == $$"""{"id":"{{t}}","f":"r{{i}}-7"}"""))));
        Assert.All(results, Assert.True);
        Assert.NotNull(converter);
    }
}
