namespace CkanMigrate;

/// <summary>
/// An invocation that cannot be carried out as given (exit 2): a wrong option, a work folder of
/// another migration. Its own type, so that a bug of ours (an ArgumentException from deep inside)
/// is never mistaken for the operator's mistake.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
