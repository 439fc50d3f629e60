namespace CkanMigrate.Migrations.Dgu;

/// <summary>The outcome counts of <c>convert users</c>, per input file, plus the original's stats categories.</summary>
public sealed class DguUserMigrationSummary
{
    public ConvertSummary Users { get; } = new();
    public ConvertSummary Organizations { get; } = new();
    public long DrupalRows { get; set; }
    public long DrupalBadRows { get; set; }
    public long DrupalOnlyWritten { get; set; }
    public long DrupalOnlyNotMembers { get; set; }
}
