namespace CkanMigrate.Profiles.Source;

internal enum SourceKind
{
    Map,
    List,
    Scalar,
}

/// <summary>
/// One node of a profile or schema file, YAML or JSON alike, with where it was written, so every
/// problem found in it can name the file and line. A scalar holds a transmute value: text, a long,
/// a double, a boolean or null.
/// </summary>
internal sealed class SourceNode(SourceKind kind, string file, int line, int column)
{
    public SourceKind Kind { get; } = kind;
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public object? Scalar { get; init; }
    public List<KeyValuePair<string, SourceNode>> Members { get; } = [];
    public List<SourceNode> Items { get; } = [];

    public SourceNode? Member(string key) => Members.FirstOrDefault(m => m.Key == key).Value;

    public bool IsText => Kind == SourceKind.Scalar && Scalar is string;

    public string Where => $"{System.IO.Path.GetFileName(File)}:{Line}";

    /// <summary>The node as a transmute value (lists and dicts built anew).</summary>
    public object? ToValue() => Kind switch
    {
        SourceKind.Scalar => Scalar,
        SourceKind.List => Items.Select(i => i.ToValue()).ToList(),
        _ => ToDict(),
    };

    private Values.PyDict ToDict()
    {
        var dict = new Values.PyDict(Members.Count);
        foreach (var (key, value) in Members) dict.Set(key, value.ToValue());
        return dict;
    }

    public string Describe() => Kind switch
    {
        SourceKind.Map => "a mapping",
        SourceKind.List => "a list",
        _ => Values.Py.Describe(Scalar),
    };
}
