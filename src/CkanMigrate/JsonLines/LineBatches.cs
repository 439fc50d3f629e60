using System.Runtime.CompilerServices;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Lines in batches for the cores: at most so many lines and about so many bytes each, so a batch
/// of big records (legacy datasets run to tens of KB) holds no more memory than one of small ones.
/// </summary>
internal static class LineBatches
{
    public static async IAsyncEnumerable<List<InputLine>> Of(IAsyncEnumerable<InputLine> lines, int maxLines, int maxBytes,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batch = new List<InputLine>();
        long bytes = 0;
        await foreach (var line in lines.WithCancellation(ct).ConfigureAwait(false))
        {
            batch.Add(line);
            bytes += line.Raw.Length;
            if (batch.Count < maxLines && bytes < maxBytes) continue;
            yield return batch;
            (batch, bytes) = ([], 0);
        }
        if (batch.Count > 0) yield return batch;
    }
}
