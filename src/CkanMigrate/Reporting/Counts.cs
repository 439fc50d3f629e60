namespace CkanMigrate.Reporting;

/// <summary>
/// Every record read ends in exactly one outcome. A summary whose counts do not add up lost or
/// doubled a record somewhere: that is our bug, and it stops the command rather than report a
/// result that cannot be trusted.
/// </summary>
internal static class Counts
{
    public static void EnsureAddUp(bool addUp, string summary)
    {
        if (!addUp) throw new InvalidOperationException($"the outcome counts do not add up to the records read ({summary}): a record was lost or counted twice");
    }
}
