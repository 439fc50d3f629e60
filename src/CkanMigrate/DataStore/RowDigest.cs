using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;

namespace CkanMigrate.DataStore;

/// <summary>
/// Rows as lines (a JSON list of values; a json column's object keeps its keys in their order, as
/// the DataStore keeps its text) and the SHA-256 over them in _id order: the same table read from
/// two sites gives the same digest, which is what says the target holds the source's rows.
/// </summary>
internal sealed class RowDigest : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _line = new();
    private readonly Utf8JsonWriter _writer = new(Stream.Null, JsonLineFormat.Options);

    public long Rows { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Adds a row; returns its line (valid until the next call).</summary>
    public ReadOnlyMemory<byte> Add(JsonArray row)
    {
        _line.SetLength(0);
        JsonLineFormat.WriteLineInOrder(_writer, _line, row);
        var bytes = _line.GetBuffer().AsMemory(0, (int)_line.Length);
        _sha.AppendData(bytes.Span);
        Rows++;
        Bytes += bytes.Length;
        return bytes;
    }

    public string Sha256() => Convert.ToHexStringLower(_sha.GetCurrentHash());

    public void Dispose()
    {
        _sha.Dispose();
        _line.Dispose();
        _writer.Dispose();
    }
}
