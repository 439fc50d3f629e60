using System.Net;

namespace CkanMigrate.Ckan;

/// <summary>
/// A file as an HTTP body that opens the file afresh each time it is sent, so a retried upload
/// sends it whole again (a StreamContent would send what is left of a spent stream). Streams: the
/// file is never held in memory.
/// </summary>
internal sealed class FileContent(string path) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = new FileInfo(path).Length;
        return true;
    }
}
