using CkanMigrate.Profiles.Schema;
using CkanMigrate.Profiles.Source;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>A transmutator's arguments as written in the schema, with the helpers that check their kind and report where one is wrong.</summary>
internal sealed class BindContext(string name, SourceNode at, IReadOnlyList<SourceNode> args, ConstantPool constants, ProblemList problems, string where)
{
    public string Name { get; } = name;
    public SourceNode At { get; } = at;
    public IReadOnlyList<SourceNode> Args { get; } = args;
    public ConstantPool Constants { get; } = constants;
    public ProblemList Problems { get; } = problems;

    /// <summary>"datasets.yaml:12", for messages about the rule at run time.</summary>
    public string Where { get; } = where;

    public int Count => Args.Count;

    public bool Refuse(int index, string message)
    {
        Problems.Add(Args[index], Name, $"argument {index + 1}: {message}");
        return false;
    }

    public long? Integer(int index)
    {
        if (Args[index].Scalar is long l) return l;
        Refuse(index, $"must be a whole number, not {Args[index].Describe()}");
        return null;
    }

    public bool? Boolean(int index)
    {
        if (Args[index].Scalar is bool b) return b;
        Refuse(index, $"must be true or false, not {Args[index].Describe()}");
        return null;
    }

    public string? Text(int index)
    {
        if (Args[index].Scalar is string s) return s;
        Refuse(index, $"must be text, not {Args[index].Describe()}");
        return null;
    }

    /// <summary>A mapping argument: its keys (always text, as in JSON) and each result as a constant of the record.</summary>
    public Dictionary<string, Constant>? Mapping(int index)
    {
        var node = Args[index];
        if (node.Kind != SourceKind.Map)
        {
            Refuse(index, $"must be a mapping of old value to new value, not {node.Describe()}");
            return null;
        }
        var mapping = new Dictionary<string, Constant>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Members) mapping[key] = Constants.Add(value.ToValue());
        return mapping;
    }

    public Constant Constant(int index) => Constants.Add(Args[index].ToValue());

    public object? Value(int index) => Args[index].ToValue();

    public static bool IsText(object? value) => value is string;

    public static string DescribeValue(object? value) => Py.Describe(value);
}
