namespace CkanMigrate.Profiles.Schema;

/// <summary>One type of a transmute schema: its three field lists, each already in weight order, and whether unknown fields are dropped.</summary>
internal sealed class TypeRule(string name)
{
    public string Name { get; } = name;
    public FieldRule[] PreFields { get; set; } = [];
    public FieldRule[] Fields { get; set; } = [];
    public FieldRule[] PostFields { get; set; } = [];
    public bool DropUnknownFields { get; set; }

    public bool TouchesItems => PreFields.Length + Fields.Length + PostFields.Length > 0;

    /// <summary>The members a record of this type surely has read (its fields and the fields they inherit from): parsed in the first pass.</summary>
    public IReadOnlySet<string> ReadKeys => _readKeys ??= PreFields.Concat(Fields).Concat(PostFields)
        .SelectMany(f => new[] { f.Name }.Concat(f.DefaultFrom?.Fields ?? []).Concat(f.ReplaceFrom?.Fields ?? []))
        .ToHashSet(StringComparer.Ordinal);

    private HashSet<string>? _readKeys;
}
