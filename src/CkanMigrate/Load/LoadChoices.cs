namespace CkanMigrate.Load;

/// <summary>What every load is told by its command line, a core kind's (<see cref="LoadOptions"/>) or a portal kind's (<see cref="Portal.PortalLoadOptions"/>).</summary>
public abstract record LoadChoices
{
    public LoadMode Mode { get; init; } = LoadMode.CreateOrUpdate;
    public int Parallel { get; init; } = 4;
    /// <summary>Plan only: read the target, decide each outcome, write nothing.</summary>
    public bool DryRun { get; init; }
    /// <summary><c>-s</c>: the first physical line to process (1-based).</summary>
    public long StartLine { get; init; } = 1;
    /// <summary><c>-m</c>: at most this many lines from the start line.</summary>
    public long? MaxLines { get; init; }
    /// <summary><c>--files</c>: the folder a dump fetched the records' uploaded files into (a dataset's resources, a showcase's image, a site's logo), sent with their records; null: none.</summary>
    public string? FilesFolder { get; init; }
}
