using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>
/// A small stand-in for CKAN's render_markdown (showcase_notes_formatted): HTML escaped, paragraphs
/// split on blank lines, # headings, **strong**, *em* / _em_, `code` and [links](url). Enough for
/// notes a test writes; not a full Markdown.
/// </summary>
internal static partial class Markdown
{
    public static string Render(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var html = new StringBuilder();
        foreach (var block in Blocks().Split(text.Trim()))
        {
            var heading = Heading().Match(block);
            var inner = Inline(heading.Success ? heading.Groups["text"].Value : block.Trim());
            if (heading.Success)
            {
                var level = heading.Groups["hashes"].Value.Length;
                html.Append($"<h{level}>{inner}</h{level}>");
            }
            else html.Append($"<p>{inner}</p>");
        }
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var s = WebUtility.HtmlEncode(text).Replace("&#39;", "'", StringComparison.Ordinal).Replace("&quot;", "\"", StringComparison.Ordinal);
        s = Code().Replace(s, "<code>$1</code>");
        s = Link().Replace(s, "<a href=\"$2\">$1</a>");
        s = Strong().Replace(s, "<strong>$2</strong>");
        s = Emphasis().Replace(s, "<em>$2</em>");
        return s;
    }

    [GeneratedRegex(@"\r?\n\s*\r?\n")]
    private static partial Regex Blocks();

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])(\*|_)(?!\s)(.+?)(?<!\s)\1(?![\w*])")]
    private static partial Regex Emphasis();
}
