using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Engine;

/// <summary>
/// The state of one record's conversion, kept per thread and reused record after record: the record
/// itself, the notes it produced, and its own instances of the schema's list and dict constants.
/// </summary>
internal sealed class RecordScope
{
    private object?[] _instances = [];
    private int[] _stamps = [];
    private int _generation;

    public PyDict Root { get; private set; } = null!;
    public List<(string, string)> Notes { get; } = [];
    public FieldState Field { get; } = new();

    /// <summary>Set once the record's first script function ran (the script limits count from there).</summary>
    public bool ScriptStarted { get; set; }

    public Scripting.ScriptFunctions? Scripts { get; set; }

    public void Start(PyDict root, int constants)
    {
        Root = root;
        Notes.Clear();
        ScriptStarted = false;
        if (_instances.Length < constants)
        {
            _instances = new object?[constants];
            _stamps = new int[constants];
        }
        _generation++;
    }

    public object? Instance(int id, object? template)
    {
        if (_stamps[id] != _generation)
        {
            _instances[id] = JsonValues.DeepCopy(template);
            _stamps[id] = _generation;
        }
        return _instances[id];
    }

    /// <summary>Lets go of the record (the scope outlives it on its thread).</summary>
    public void End()
    {
        Root = null!;
        Array.Clear(_instances);
    }
}
