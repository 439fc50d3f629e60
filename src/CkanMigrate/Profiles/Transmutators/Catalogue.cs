using CkanMigrate.Profiles.Scripting;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>Every transmutator a schema may name: transmute's, ours, then the profile's own JavaScript functions.</summary>
internal sealed class Catalogue(ScriptFunctions? scripts, bool scriptsFailed = false)
{
    private static readonly Dictionary<string, TransmutatorSpec> BuiltIns =
        BuiltIn.All.Concat(Ours.All).ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static IEnumerable<TransmutatorSpec> Known => BuiltIns.Values;

    public TransmutatorSpec? Find(string name)
    {
        if (BuiltIns.TryGetValue(name, out var spec)) return spec;
        // When the functions could not be read, a name they may define is not reported again as unknown.
        if (scriptsFailed) return new TransmutatorSpec(name, 0, int.MaxValue, name, _ => null);
        if (scripts is null || !scripts.Names.Contains(name)) return null;
        return new TransmutatorSpec(name, 0, int.MaxValue, $"[{name}, ARG, ...]  (JavaScript)", rule =>
        {
            var args = new object?[rule.Count];
            for (var i = 0; i < rule.Count; i++) args[i] = rule.Value(i);
            return field =>
            {
                field.Value = scripts.Call(name, field.Value, args, field.Scope, rule.Where);
                return true;
            };
        });
    }
}
