using CkanMigrate.Load;

namespace CkanMigrate.Portal;

/// <summary>A portal kind's load: the same choices as a core kind's (<see cref="LoadOptions"/>).</summary>
public sealed record PortalLoadOptions
{
    public required PortalKind Kind { get; init; }
    public LoadMode Mode { get; init; } = LoadMode.CreateOrUpdate;
    public int Parallel { get; init; } = 4;
    /// <summary>Plan only: read the target, decide each outcome, write nothing.</summary>
    public bool DryRun { get; init; }
    /// <summary><c>-s</c>: the first physical line to process (1-based).</summary>
    public long StartLine { get; init; } = 1;
    /// <summary><c>-m</c>: at most this many lines from the start line.</summary>
    public long? MaxLines { get; init; }
    /// <summary><c>--files</c>: the folder the dump fetched the records' uploaded files into (an image, a logo), or null.</summary>
    public string? FilesFolder { get; init; }
}
