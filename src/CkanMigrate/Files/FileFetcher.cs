using System.Security.Cryptography;
using CkanMigrate.Ckan;

namespace CkanMigrate.Files;

/// <summary>
/// Fetches one uploaded file into the files folder: streamed to a temp name while its SHA-256 is
/// computed, checked against the length the site announced, renamed into place, then entered in the
/// manifest. A file already there with the manifest's size and checksum is not fetched again (an
/// interrupted dump resumes). A download that breaks off or comes up short is fetched again, up to
/// <paramref name="attempts"/> times in all.
/// </summary>
internal sealed class FileFetcher(CkanClient client, FileManifest manifest, int attempts = 3)
{
    public async Task<FileOutcome> FetchAsync(UploadedFile file, CancellationToken ct)
    {
        var path = manifest.PathOf(file.Id);
        if (manifest.Find(file.Id) is { } known && await IsWholeAsync(path, known, ct).ConfigureAwait(false))
            return FileOutcome.AlreadyThere(file, known.Size);

        CkanApiException? last = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var temp = path + ".part";
            try
            {
                long? announced;
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var output = new HashingFileStream(temp, sha))
                    announced = await client.DownloadAsync(new Uri(file.Url), output, ct).ConfigureAwait(false);
                var size = new FileInfo(temp).Length;
                if (announced is { } expected && expected != size)
                    throw new CkanApiException("download", CkanErrorKind.Transport, 200, $"{file.FileName}: {size} of {expected} bytes arrived");
                File.Move(temp, path, overwrite: true);
                var entry = new FileEntry(file.Id, file.OwnerId, file.FileName, size, Convert.ToHexStringLower(sha.GetHashAndReset()), file.Url);
                manifest.Add(entry);
                return FileOutcome.Fetched(file, size, attempt);
            }
            catch (CkanApiException e) when (e.IsTransient && attempt < attempts)
            {
                last = e; // broke off or came up short: fetch it again from the start
            }
            catch (CkanApiException e)
            {
                last = e;
                break;
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        return FileOutcome.Failed(file, last!.Describe());
    }

    /// <summary>Whether the file on disk is the one the manifest describes (size, then checksum).</summary>
    public static async Task<bool> IsWholeAsync(string path, FileEntry entry, CancellationToken ct)
    {
        if (!File.Exists(path) || new FileInfo(path).Length != entry.Size) return false;
        return await Sha256Async(path, ct).ConfigureAwait(false) == entry.Sha256;
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }
}
