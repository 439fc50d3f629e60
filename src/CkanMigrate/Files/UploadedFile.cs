namespace CkanMigrate.Files;

/// <summary>
/// A file kept in CKAN's own storage: an uploaded resource (by resource id, within its dataset).
/// <paramref name="Url"/> is where the source serves it; <paramref name="FileName"/> its last path segment.
/// </summary>
public sealed record UploadedFile(string Id, string OwnerId, string Url, string FileName);
