namespace CkanMigrate.Migrations;

/// <summary>Counts of a conversion: outcomes that add up to the lines read, and the profile's notes by category.</summary>
public sealed class ConvertSummary : Reporting.StageSummary<ConversionOutcome>
{
    public long Converted => Outcomes[ConversionOutcome.Converted];
    public long Skipped => Outcomes[ConversionOutcome.Skipped];
    public long Rejected => Outcomes[ConversionOutcome.Rejected];
    public long BytesRead { get; set; }

    /// <summary>Category → count, in the order first seen (the original's "running stats").</summary>
    public Dictionary<string, long> Notes { get; } = new(StringComparer.Ordinal);

    public void Note(string category) => Notes[category] = Notes.GetValueOrDefault(category) + 1;

    /// <summary>
    /// Counts one input line's outcome and sends it on: the record to the output (or, from a fast-path
    /// converter, the bytes it already wrote), a rejected line (unchanged) to the rejects.
    /// </summary>
    public void Account(JsonLines.InputLine line, ConversionResult result, System.Text.Json.Utf8JsonWriter writer, Stream output, Stream? rejects)
    {
        Count(line, result, rejects);
        if (result.Outcome == ConversionOutcome.Converted && result.Record is not null)
            JsonLines.JsonLineFormat.WriteLineInOrder(writer, output, result.Record);
    }

    /// <summary>Counts one line's outcome (its record already written elsewhere) and copies a rejected line, unchanged, to the rejects.</summary>
    public void Count(JsonLines.InputLine line, ConversionResult result, Stream? rejects)
    {
        LinesRead++;
        BytesRead += line.Raw.Length + 1;
        foreach (var (category, _) in result.Notes) Note(category);
        Outcomes.Add(result.Outcome);
        if (result.Outcome == ConversionOutcome.Rejected && rejects is not null) line.CopyTo(rejects);
    }

    public string Describe() => $"{LinesRead} lines: {Converted} converted, {Skipped} skipped, {Rejected} rejected";

    public IEnumerable<string> DescribeNotes() =>
        Notes.OrderByDescending(n => n.Value).Select(n => $"  {n.Key}: {n.Value}");
}
