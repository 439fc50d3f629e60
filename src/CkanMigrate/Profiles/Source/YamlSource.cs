using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CkanMigrate.Profiles.Source;

/// <summary>
/// Reads a YAML file into <see cref="SourceNode"/>s with YamlDotNet's representation model, which
/// keeps each node's line and column. Plain scalars are typed by YAML 1.2's core schema (so
/// <c>yes</c> stays text, unlike YAML 1.1); quoted ones are always text.
/// </summary>
internal static partial class YamlSource
{
    public static SourceNode? Read(string path, string text, ProblemList problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.Contains("See inner", StringComparison.Ordinal) ? inner.Message : e.Message;
            problems.Add(path, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", Tidy(message));
            return null;
        }
        if (stream.Documents.Count != 1)
        {
            problems.Add(path, 1, 1, "(file)", stream.Documents.Count == 0 ? "the file is empty" : "the file holds more than one YAML document");
            return null;
        }
        return Convert(path, stream.Documents[0].RootNode, problems);
    }

    private static string Tidy(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    private static SourceNode Convert(string path, YamlNode node, ProblemList problems)
    {
        var (line, column) = ((int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode map:
                var result = new SourceNode(SourceKind.Map, path, line, column);
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode scalar)
                    {
                        problems.Add(path, (int)key.Start.Line, (int)key.Start.Column, "(key)", "a key must be plain text, not a list or a mapping");
                        continue;
                    }
                    result.Members.Add(new(scalar.Value ?? "", Convert(path, value, problems)));
                }
                return result;
            case YamlSequenceNode sequence:
                var list = new SourceNode(SourceKind.List, path, line, column);
                foreach (var item in sequence.Children) list.Items.Add(Convert(path, item, problems));
                return list;
            case YamlScalarNode scalar:
                return new SourceNode(SourceKind.Scalar, path, line, column) { Scalar = Resolve(scalar) };
            default:
                problems.Add(path, line, column, "(node)", "an alias that could not be resolved");
                return new SourceNode(SourceKind.Scalar, path, line, column);
        }
    }

    private static object? Resolve(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str")) return text;
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        if (Integer().IsMatch(text))
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? (object)l : System.Numerics.BigInteger.Parse(text, CultureInfo.InvariantCulture);
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
            return System.Convert.ToInt64(text[2..], 8);
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return hex;
        if (Float().IsMatch(text)) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return text;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
