using CkanMigrate.Profiles.Engine;
using CkanMigrate.Profiles.Source;

namespace CkanMigrate.Profiles.Schema;

/// <summary>One entry of a field's <c>validators</c>, bound to its arguments: runs on the field and says whether the chain goes on.</summary>
internal sealed class Step(string name, SourceNode at, Func<FieldState, bool> run)
{
    public string Name { get; } = name;
    public SourceNode At { get; } = at;
    public Func<FieldState, bool> Run { get; } = run;
}
