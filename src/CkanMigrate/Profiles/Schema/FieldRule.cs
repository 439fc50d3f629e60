using CkanMigrate.Profiles.Source;

namespace CkanMigrate.Profiles.Schema;

/// <summary>One field of a type, every key of transmute's field definition read and checked.</summary>
internal sealed class FieldRule(string name, string type, SourceNode at)
{
    public string Name { get; } = name;

    /// <summary>The type named in errors ("Type:field"): the field's own <c>type</c> when it has one, else the type it is declared in.</summary>
    public string Type { get; set; } = type;

    /// <summary>The type the field is declared in.</summary>
    public string Owner { get; } = type;

    public SourceNode At { get; } = at;
    public string? Map { get; set; }
    public Step[] Steps { get; set; } = [];
    public bool Multiple { get; set; }

    /// <summary>The type each item of a multiple field is transmuted with (its <c>type</c>, else the declaring type).</summary>
    public TypeRule? Items { get; set; }

    public bool Remove { get; set; }
    public Constant? Default { get; set; }
    public Inherit? DefaultFrom { get; set; }
    public Constant? Value { get; set; }
    public Inherit? ReplaceFrom { get; set; }
    public bool Update { get; set; }
    public bool ValidateMissing { get; set; }
    public double Weight { get; set; }
}

/// <summary>Where default_from or replace_from take their value: one field, or several combined or first filled.</summary>
internal sealed record Inherit(string Key, IReadOnlyList<string> Fields, bool IsList, bool Combine);
