namespace CkanMigrate.Filter;

/// <summary>What <c>filter --since</c> did; kept + dropped + rejected = lines read.</summary>
public sealed class FilterSummary : Reporting.StageSummary<FilterOutcome>
{
    public long Kept => Outcomes[FilterOutcome.Kept];
    /// <summary>Kept because the record has no metadata_modified to judge by.</summary>
    public long KeptWithoutTimestamp { get; set; }
    /// <summary>Older than the cut-off but kept: pending after a rejection, or changed by a bulk action.</summary>
    public long KeptAnyway { get; set; }
    public long Dropped => Outcomes[FilterOutcome.Older];
    public long Rejected => Outcomes[FilterOutcome.Rejected];
    public long BytesRead { get; set; }

    /// <summary>The latest metadata_modified seen in the input (the next run's high-water mark).</summary>
    public DateTimeOffset? Latest { get; set; }

    public string Describe() =>
        $"{LinesRead} lines: {Kept} kept ({KeptWithoutTimestamp} without metadata_modified), {Dropped} older, {Rejected} rejected";
}
