namespace CkanMigrate.Load;

public enum LoadMode
{
    CreateOrUpdate,
    /// <summary><c>-n</c>: records already on the target are skipped.</summary>
    CreateOnly,
    /// <summary><c>-o</c>: records not on the target are skipped.</summary>
    UpdateOnly,
}
