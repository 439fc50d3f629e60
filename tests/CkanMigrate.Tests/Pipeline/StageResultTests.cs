using CkanMigrate.Pipeline;

namespace CkanMigrate.Tests.Pipeline;

/// <summary>Issue #10 §6: a stage's counts are checked in code to add up to what it read.</summary>
public sealed class StageResultTests
{
    [Fact]
    public void A_stage_whose_outcomes_do_not_add_up_to_what_it_read_stops_the_run()
    {
        var lost = new StageResult("load", "datasets", [("created", 3), ("rejected", 1)], 1) { Read = 5 };
        var whole = lost with { Read = 4 };

        var e = Assert.Throws<InvalidOperationException>(lost.EnsureAddsUp);
        Assert.Contains("load datasets: 5 read, 3 created, 1 rejected", e.Message);
        whole.EnsureAddsUp();
        Assert.Equal(1, whole.Problems);
    }
}
