using System.Text.Json.Nodes;

namespace CkanMigrate.Migrations;

public enum ConversionOutcome
{
    Converted,
    /// <summary>Left out by a rule of the profile (e.g. a user in no organization, an inactive harvest source).</summary>
    Skipped,
    /// <summary>Cannot be converted; the input line goes to the rejects file with the reason.</summary>
    Rejected,
}

/// <summary>
/// What a profile step made of one record, plus the notes the original scripts printed as
/// "running stats" (category → value), so the summary can report them the same way.
/// </summary>
public sealed record ConversionResult(ConversionOutcome Outcome, JsonObject? Record, string? Reason, IReadOnlyList<(string Category, string Value)> Notes)
{
    public static ConversionResult Converted(JsonObject record, params (string, string)[] notes) => new(ConversionOutcome.Converted, record, null, notes);
    public static ConversionResult Skipped(string reason, params (string, string)[] notes) => new(ConversionOutcome.Skipped, null, reason, notes);
    public static ConversionResult Rejected(string reason) => new(ConversionOutcome.Rejected, null, reason, []);
}
