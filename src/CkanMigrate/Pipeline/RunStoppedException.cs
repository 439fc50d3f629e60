namespace CkanMigrate.Pipeline;

/// <summary>A run stopped part-way (a site stopped answering); the work folder lets a re-run continue.</summary>
public sealed class RunStoppedException(string message) : Exception(message);
