namespace CkanMigrate.Profiles.Engine;

/// <summary>A transmutator's verdict that the value is invalid (transmute's Invalid): reported as "Type:field: message".</summary>
internal sealed class InvalidValueException(string message) : Exception(message);
