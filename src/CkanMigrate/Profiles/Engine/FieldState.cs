using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Engine;

/// <summary>
/// What a transmutator works on (transmute's Field): the field's name, the type named in errors, the
/// current value, the whole record (which tsm_concat's "$name" reads) and, for our own transmutators,
/// the object the field belongs to.
/// </summary>
internal sealed class FieldState
{
    public string Name { get; private set; } = "";
    public string Type { get; private set; } = "";
    public object? Value { get; set; }
    public PyDict Container { get; private set; } = null!;
    public RecordScope Scope { get; private set; } = null!;

    /// <summary>The value cm_note_rename saw, compared with the final one when the chain ends.</summary>
    public object? RenamedFrom { get; set; }
    public bool WatchRename { get; set; }

    public PyDict Record => Scope.Root;

    public string Key => $"{Type}:{Name}";

    public void Start(string name, string type, object? value, PyDict container, RecordScope scope)
    {
        (Name, Type, Value, Container, Scope) = (name, type, value, container, scope);
        RenamedFrom = null;
        WatchRename = false;
    }

    /// <summary>A rejection for a rule that cannot apply to this value (where transmute itself would stop with a Python error).</summary>
    public RecordRejectedException Fail(string rule, string why) => new($"{Key}: {rule} {why}");
}
