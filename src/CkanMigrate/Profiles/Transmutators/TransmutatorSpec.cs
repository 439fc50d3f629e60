using CkanMigrate.Profiles.Engine;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>
/// A transmutator as data: its name, how many arguments it takes, how its use is written (for
/// messages and the README), and how it binds its arguments into a step, reporting every argument
/// of the wrong kind. Binding returns null when an argument was refused.
/// </summary>
internal sealed record TransmutatorSpec(string Name, int MinArgs, int MaxArgs, string Usage, Func<BindContext, Func<FieldState, bool>?> Bind);
