using System.IO.Compression;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Scale;

/// <summary>Issue #13 §3: convert and filter on every core, gzip on every core, the same bytes whatever the number of cores.</summary>
public sealed class ParallelConvertTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The dgu sample 24 times over (each copy with its own ids and names): ~7 MB, so several batches and gzip blocks.</summary>
    private string LegacyInput()
    {
        var path = _dir.File("legacy.jsonl");
        using var writer = new StreamWriter(path);
        var lines = File.ReadAllLines(Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", "datasets.jsonl"));
        for (var copy = 0; copy < 24; copy++)
            foreach (var line in lines)
            {
                JsonObject? record = null;
                try { record = JsonNode.Parse(line) as JsonObject; } catch (System.Text.Json.JsonException) { }
                if (record is null)
                {
                    writer.WriteLine(line); // a line the sample keeps bad on purpose stays bad
                    continue;
                }
                foreach (var key in new[] { "id", "name" })
                    if (record[key] is JsonValue v && v.TryGetValue<string>(out var s)) record[key] = $"{s}-{copy}";
                writer.WriteLine(record.ToJsonString());
            }
        return path;
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public async Task Convert_writes_the_same_bytes_on_one_thread_and_on_four_plain_and_gzipped()
    {
        var input = LegacyInput();
        var outputs = new Dictionary<string, string>();
        foreach (var (name, threads) in new[] { ("one.jsonl", "1"), ("four.jsonl", "4"), ("one.jsonl.gz", "1"), ("four.jsonl.gz", "4") })
        {
            var run = await CliProcess.RunAsync("convert", "datasets", "--profile", "dgu", "-I", input, "-O", _dir.File(name), "-q", "--threads", threads,
                "--rejects", _dir.File(name + ".rejects"));
            Assert.True(run.ExitCode is 0 or 3, run.Stderr); // the sample holds records the profile rejects
            outputs[name] = _dir.File(name);
        }
        var plain = File.ReadAllBytes(outputs["one.jsonl"]);
        Assert.True(plain.Length > 2 * ParallelGzipStream.BlockSize);
        Assert.Equal(plain, File.ReadAllBytes(outputs["four.jsonl"]));
        Assert.Equal(File.ReadAllBytes(outputs["one.jsonl.gz"]), File.ReadAllBytes(outputs["four.jsonl.gz"]));
        Assert.Equal(plain, Gunzip(outputs["four.jsonl.gz"]));
        Assert.Equal(File.ReadAllBytes(_dir.File("one.jsonl.rejects")), File.ReadAllBytes(_dir.File("four.jsonl.rejects")));

        // And the gzip file reads back whole through the tool's own reader (several members, its end checked).
        var lines = 0;
        await foreach (var _ in JsonLinesReader.ReadAsync(outputs["four.jsonl.gz"])) lines++;
        Assert.Equal(plain.Count(b => b == (byte)'\n'), lines);
    }

    [Fact]
    public async Task Filter_keeps_the_same_lines_in_the_same_order_on_one_thread_and_on_four()
    {
        var input = LegacyInput();
        var one = await CliProcess.RunAsync("filter", "--since", "2014-01-01T00:00:00", "-I", input, "-O", _dir.File("one.jsonl"), "-q", "--threads", "1");
        var four = await CliProcess.RunAsync("filter", "--since", "2014-01-01T00:00:00", "-I", input, "-O", _dir.File("four.jsonl"), "-q", "--threads", "4");
        Assert.Equal(one.ExitCode, four.ExitCode);
        Assert.Equal(File.ReadAllBytes(_dir.File("one.jsonl")), File.ReadAllBytes(_dir.File("four.jsonl")));
        static string Counts(string summary) => summary.Split('\n').First(l => l.StartsWith("filter since", StringComparison.Ordinal)).Split(" in ")[0];
        Assert.Equal(Counts(one.Stderr), Counts(four.Stderr));
    }

    [Fact]
    public async Task The_gzip_level_is_the_operators_to_choose_and_a_wrong_one_is_refused()
    {
        var input = LegacyInput();
        var fast = await CliProcess.RunAsync("filter", "--since", "1970-01-01T00:00:00", "-I", input, "-O", _dir.File("fast.jsonl.gz"), "-q", "--gzip-level", "1");
        var small = await CliProcess.RunAsync("filter", "--since", "1970-01-01T00:00:00", "-I", input, "-O", _dir.File("small.jsonl.gz"), "-q", "--gzip-level", "9");
        Assert.Equal(fast.ExitCode, small.ExitCode);
        Assert.True(new FileInfo(_dir.File("small.jsonl.gz")).Length < new FileInfo(_dir.File("fast.jsonl.gz")).Length);
        Assert.Equal(Gunzip(_dir.File("fast.jsonl.gz")), Gunzip(_dir.File("small.jsonl.gz")));

        var wrong = await CliProcess.RunAsync("filter", "--since", "1970-01-01T00:00:00", "-I", input, "-O", _dir.File("x.jsonl.gz"), "--gzip-level", "12");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--gzip-level is 1 (fastest) to 9 (smallest)", wrong.Stderr);
    }

    [Fact]
    public void Parallel_gzip_is_the_same_bytes_whatever_the_cores_and_an_empty_input_is_still_gzip()
    {
        var data = new byte[3 * ParallelGzipStream.BlockSize + 12345];
        new Random(7).NextBytes(data.AsSpan(0, data.Length / 2)); // half noise, half zeros
        byte[] Compress(int degree, ReadOnlySpan<byte> bytes)
        {
            using var output = new MemoryStream();
            using (var gzip = new ParallelGzipStream(output, 1, degree))
            {
                var cut = Math.Min(1000, bytes.Length);
                gzip.Write(bytes[..cut]);
                gzip.Flush(); // a flush must not cut a block
                gzip.Write(bytes[cut..]);
            }
            return output.ToArray();
        }
        var one = Compress(1, data);
        Assert.Equal(one, Compress(4, data));
        using (var inflated = new GZipStream(new MemoryStream(one), CompressionMode.Decompress))
        using (var back = new MemoryStream())
        {
            inflated.CopyTo(back);
            Assert.Equal(data, back.ToArray());
        }
        var empty = Compress(2, []);
        Assert.Equal((byte)0x1f, empty[0]);
        Assert.Empty(new GZipStream(new MemoryStream(empty), CompressionMode.Decompress).ReadAllBytesForTest());
    }
}

internal static class StreamTestExtensions
{
    public static byte[] ReadAllBytesForTest(this Stream stream)
    {
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
