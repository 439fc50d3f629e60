using CkanMigrate.Migrations;

namespace CkanMigrate.Profiles;

/// <summary>One record of a dry run: its line, the record before and after (null unless converted), the outcome, the reason and the notes.</summary>
public sealed record PreviewRecord(long Line, string Before, string? After, ConversionOutcome Outcome, string? Reason, IReadOnlyList<(string Category, string Value)> Notes);
