using CkanMigrate.Files;

namespace CkanMigrate.Pipeline;

/// <summary>
/// <c>verify --files</c>: the two dumps fetched every uploaded file of each side (manifests with
/// SHA-256); a source file is the same on the target when the resource of the same id holds a file
/// with the same checksum, whatever host serves it. A resource (or an organization, for its image)
/// whose legacy id the target refused is found under its derived id (<see cref="Ids.TargetIds"/>).
/// </summary>
internal static class FileComparison
{
    public static void Into(KindComparison datasets, string sourceFolder, string targetFolder, Ids.TargetIds? ids = null)
    {
        using var source = FileManifest.Open(sourceFolder);
        using var target = FileManifest.Open(targetFolder);
        foreach (var entry in source.Entries)
        {
            var field = $"resources[{entry.Id}].file";
            var candidates = ids is null ? [entry.Id] : ids.Candidates(Ids.IdKind.Resource, entry.Id).Concat(ids.Candidates(Ids.IdKind.Group, entry.Id)).Distinct();
            var there = candidates.Select(target.Find).FirstOrDefault(found => found is not null);
            if (there is null) datasets.Different.Add((entry.Owner, [(field, $"{entry.Name} sha256 {entry.Sha256}", null)]));
            else if (there.Sha256 != entry.Sha256 || there.Size != entry.Size)
                datasets.Different.Add((entry.Owner, [(field, $"{entry.Size} bytes, sha256 {entry.Sha256}", $"{there.Size} bytes, sha256 {there.Sha256}")]));
            else datasets.FilesSame++;
        }
    }
}
