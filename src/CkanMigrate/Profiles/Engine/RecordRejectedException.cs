namespace CkanMigrate.Profiles.Engine;

/// <summary>The record cannot be converted: the reason goes to the log, the run goes on.</summary>
internal sealed class RecordRejectedException(string reason) : Exception(reason);
