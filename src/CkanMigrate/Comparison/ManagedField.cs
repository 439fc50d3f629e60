namespace CkanMigrate.Comparison;

/// <summary>A field that is neither sent nor compared, with the one-line reason why.</summary>
internal sealed record ManagedField(string Name, string Reason);
