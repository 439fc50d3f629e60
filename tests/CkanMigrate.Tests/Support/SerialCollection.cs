namespace CkanMigrate.Tests.Support;

/// <summary>Tests that load the machine (thousands of requests with injected faults) run alone, not beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial: heavy fault-injection runs";
}
