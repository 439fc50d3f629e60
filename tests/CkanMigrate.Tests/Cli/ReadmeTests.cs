using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CkanMigrate.Reporting;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §5: README's words match the program. Every ckan-migrate command line README shows (usage
/// blocks, examples, inline commands) names a verb that exists and only options that verb's --help
/// lists; every option README mentions on its own exists somewhere; the -l fields README lists are
/// the ones the code writes.
/// </summary>
public sealed partial class ReadmeTests
{
    /// <summary>README and every other document (issue #23: the checks move with the text).</summary>
    private static readonly string Readme = ProjectDocs.Text;
    private static readonly ConcurrentDictionary<string, Task<HashSet<string>>> Help = new();

    [Fact]
    public async Task Every_option_in_readmes_command_lines_is_in_that_commands_help()
    {
        var commands = CommandLines().ToList();
        Assert.True(commands.Count >= 10, $"only {commands.Count} command lines found in README");
        var wrong = new List<string>();
        foreach (var line in commands)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = words[0].StartsWith('-') ? "" // the root's own options (--version)
                : words[0] == "convert" && words.Length > 1 && !words[1].StartsWith('-') ? $"{words[0]} {words[1]}" : words[0];
            var options = await OptionsOf(path);
            if (options.Count == 0)
            {
                wrong.Add($"'{path}' is not a command: {line}");
                continue;
            }
            foreach (var flag in Flags(words.Skip(path.Length == 0 ? 0 : path.Count(c => c == ' ') + 1)))
                if (!options.Contains(flag)) wrong.Add($"{path} has no {flag}: {line}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_option_readme_names_on_its_own_exists_in_some_command()
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var verb in new[] { "dump", "load", "convert datasets", "convert users", "convert organizations", "convert groups", "convert harvest-sources", "filter", "run", "verify" })
            all.UnionWith(await OptionsOf(verb));
        var missing = InlineSpans().Where(s => s.StartsWith('-')).Select(s => Flags(s.Split(' ')).FirstOrDefault())
            .Where(f => f is not null && !all.Contains(f)).Distinct().ToList();
        Assert.True(missing.Count == 0, "README names options no command has: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_log_fields_readme_lists_are_the_ones_written()
    {
        Assert.Contains($"`{LogFields.Describe(LogFields.Load)}`", Readme);
        Assert.Contains($"`{LogFields.Describe(LogFields.Dump)}`", Readme);
    }

    [Fact]
    public void Readme_has_the_from_ckanapi_table_with_what_is_not_provided_and_why()
    {
        Assert.Contains("## From ckanapi", Readme);
        foreach (var command in new[] { "`ckanapi action", "`ckanapi delete", "`ckanapi search", "`ckanapi dump", "`ckanapi load" })
            Assert.Contains(command, Readme);
    }

    /// <summary>ckan-migrate's arguments on every line README shows it: code blocks (with continuation lines) and inline spans.</summary>
    private static IEnumerable<string> CommandLines()
    {
        foreach (Match block in CodeBlock().Matches(Readme))
        {
            string? current = null;
            foreach (var raw in block.Groups[1].Value.Split('\n'))
            {
                var line = raw.Split(" #")[0].TrimEnd();
                if (current is not null && line.StartsWith("  ", StringComparison.Ordinal) && line.TrimStart().StartsWith('['))
                {
                    current += " " + line.Trim();
                    continue;
                }
                if (current is not null) yield return current;
                current = Arguments(line.Trim());
            }
            if (current is not null) yield return current;
        }
        foreach (var span in InlineSpans())
            if (Arguments(span) is { } args) yield return args;
    }

    private static string? Arguments(string line)
    {
        if (line.StartsWith("ckan-migrate ", StringComparison.Ordinal)) return line["ckan-migrate ".Length..];
        var viaDotnet = line.IndexOf("--project src/CkanMigrate.Cli -- ", StringComparison.Ordinal);
        return viaDotnet >= 0 ? line[(viaDotnet + "--project src/CkanMigrate.Cli -- ".Length)..] : null;
    }

    private static IEnumerable<string> InlineSpans() =>
        InlineCode().Matches(CodeBlock().Replace(Readme, "")).Select(m => m.Groups[1].Value.Trim());

    /// <summary>"[-n|--create-only]" → -n, --create-only; values ("auto|search") and words are not options.</summary>
    private static IEnumerable<string> Flags(IEnumerable<string> words) =>
        words.SelectMany(w => w.Trim('[', ']', '(', ')', ',', '.').Split('|'))
            .Select(w => w.Split('=')[0])
            .Where(w => FlagPattern().IsMatch(w));

    /// <summary>The option names and aliases `ckan-migrate PATH --help` lists (empty for no such command).</summary>
    private static Task<HashSet<string>> OptionsOf(string path) => Help.GetOrAdd(path, async p =>
    {
        var help = await CliProcess.RunAsync([.. p.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (help.ExitCode != 0) return names;
        var inOptions = false;
        foreach (var line in help.Stdout.Split('\n'))
        {
            if (line.StartsWith("Options:", StringComparison.Ordinal)) { inOptions = true; continue; }
            if (!inOptions || !line.StartsWith("  -", StringComparison.Ordinal)) continue;
            var head = line.Trim().Split("  ")[0].Split(" <")[0];
            foreach (var name in head.Split(", ")) names.Add(name.Trim());
        }
        return names;
    });

    [GeneratedRegex(@"```[a-z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^--?[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex FlagPattern();
}
