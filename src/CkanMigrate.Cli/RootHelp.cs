using System.CommandLine;
using System.CommandLine.Help;

namespace CkanMigrate.Cli;

/// <summary>
/// <c>ckan-migrate --help</c> as System.CommandLine writes it, but for its list of commands: that
/// list names each command's arguments without their arity (it said <c>dump &lt;kind&gt; &lt;id-or-name&gt;</c>,
/// where dump takes any number of ids, or none with --all), and its help builder cannot be told
/// otherwise (internal in 2.0). So the list is written here, each command as its own usage line
/// gives it. The rest (description, usage, options) is System.CommandLine's, unchanged.
/// </summary>
internal static class RootHelp
{
    private const string Header = "Commands:";

    public static bool IsAsked(ParseResult parse) => parse.CommandResult.Command is RootCommand && parse.Action is HelpAction;

    public static int Write(RootCommand root, IReadOnlyList<string> args)
    {
        var standard = new StringWriter();
        var shown = root.Parse(args).Invoke(new InvocationConfiguration { Output = standard });
        var text = standard.ToString();
        var at = text.IndexOf(Environment.NewLine + Header, StringComparison.Ordinal);
        if (at < 0)
        {
            System.Console.Out.Write(text);
            return shown;
        }
        System.Console.Out.Write(text[..(at + Environment.NewLine.Length)]);
        System.Console.Out.WriteLine(Header);
        var rows = root.Subcommands.Where(c => !c.Hidden).Select(c => (Label: Label(c), c.Description)).ToList();
        var width = rows.Max(r => r.Label.Length) + 2;
        foreach (var (label, description) in rows) System.Console.Out.WriteLine($"  {label.PadRight(width)}{description}");
        System.Console.Out.WriteLine();
        return shown;
    }

    /// <summary>"dump &lt;kind&gt; [&lt;id-or-name&gt;...]": each argument with its arity; a command of kinds (convert) takes a &lt;kind&gt;.</summary>
    private static string Label(Command command)
    {
        var words = new List<string> { command.Name };
        if (command.Subcommands.Count > 0) words.Add("<kind>");
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var name = $"<{argument.HelpName ?? argument.Name}>";
            var many = argument.Arity.MaximumNumberOfValues > 1 ? "..." : "";
            words.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}{many}]" : name + many);
        }
        return string.Join(' ', words);
    }
}
