using CkanMigrate.Profiles.Engine;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Schema;

/// <summary>
/// A value written in the schema (a default, a value, a mapper's result). transmute copies its schema
/// once per call, so a list or dict it places is one object for the whole record, shared wherever
/// it lands in that record, and fresh for the next; a record's instances live in its scope.
/// </summary>
internal sealed class Constant(object? template, int id)
{
    public object? Template { get; } = template;

    public object? Get(RecordScope scope) => Template is PyDict or List<object?> ? scope.Instance(id, Template) : Template;
}

/// <summary>Numbers the constants of one profile, so each record can keep its own instances in an array.</summary>
internal sealed class ConstantPool
{
    public int Count { get; private set; }

    public Constant Add(object? template) => new(template, Count++);
}
