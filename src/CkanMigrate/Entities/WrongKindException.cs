namespace CkanMigrate.Entities;

/// <summary>An input file holds another kind of record than the command was told (a users file given as organizations).</summary>
public sealed class WrongKindException(string message) : Exception(message);
