namespace CkanMigrate.Ckan;

/// <summary>A key that cannot do the job, found before any work: one line, nothing written.</summary>
public sealed class KeyRefusedException(string message) : Exception(message);
