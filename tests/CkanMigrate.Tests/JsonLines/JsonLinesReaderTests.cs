using System.IO.Compression;
using System.Text;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Tests.JsonLines;

/// <summary>Lines handed out as slices of the reader's chunks: every line whole and unchanged, wherever chunks break.</summary>
public sealed class JsonLinesReaderTests
{
    /// <summary>A stream that gives at most a few bytes per read, as a pipe or gzip stream may.</summary>
    private sealed class TrickleStream(byte[] data, int most) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
    }

    private static List<string> Lines()
    {
        var random = new Random(7);
        var lines = new List<string>();
        for (var i = 0; i < 400; i++)
            lines.Add($$"""{"n":{{i}},"pad":"{{new string((char)('a' + i % 26), random.Next(0, 30_000))}}"}""");
        lines.Insert(200, $$"""{"big":"{{new string('z', 3_000_000)}}"}"""); // longer than a chunk
        lines.Insert(5, "");
        return lines;
    }

    private static async Task<List<(long Number, string Text)>> ReadAll(Stream stream)
    {
        var read = new List<(long, string)>();
        await foreach (var line in JsonLinesReader.ReadAsync(stream, "test.jsonl"))
            read.Add((line.Number, Encoding.UTF8.GetString(line.Raw.Span)));
        return read;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(4093)]
    public async Task Every_line_comes_back_whole_with_its_number_across_chunk_boundaries(int readSize)
    {
        var lines = Lines();
        var bytes = Encoding.UTF8.GetBytes("\uFEFF" + string.Join("\r\n", lines)); // BOM, CRLF, no final newline

        var read = await ReadAll(new TrickleStream(bytes, readSize));

        Assert.Equal(lines.Count, read.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(i + 1, read[i].Number);
            Assert.True(lines[i] == read[i].Text, $"line {i + 1} differs");
        }
    }

    [Fact]
    public async Task Lines_already_handed_out_are_not_overwritten_by_later_reads()
    {
        var lines = Lines();
        var path = Path.Combine(Directory.CreateTempSubdirectory("reader").FullName, "kept.jsonl.gz");
        await using (var file = File.Create(path))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

        var kept = new List<InputLine>();
        await foreach (var line in JsonLinesReader.ReadAsync(path)) kept.Add(line);

        Assert.Equal(lines, kept.Select(l => Encoding.UTF8.GetString(l.Raw.Span)));
    }
}
