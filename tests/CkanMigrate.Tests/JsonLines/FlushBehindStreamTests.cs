using CkanMigrate.JsonLines;

namespace CkanMigrate.Tests.JsonLines;

/// <summary>Output files are flushed to disk in the background as they grow, and every byte still arrives in order.</summary>
public sealed class FlushBehindStreamTests
{
    [Fact]
    public async Task Flushes_start_as_the_file_grows_and_the_bytes_arrive_unchanged()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("flush").FullName, "out.bin");
        var expected = new byte[3_000_000];
        new Random(3).NextBytes(expected);
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
        {
            var stream = new FlushBehindStream(file, interval: 64 * 1024);
            var random = new Random(5);
            for (var at = 0; at < expected.Length;)
            {
                var count = Math.Min(random.Next(1, 40_000), expected.Length - at);
                if (count % 2 == 0) stream.Write(expected, at, count);
                else await stream.WriteAsync(expected.AsMemory(at, count));
                at += count;
            }
            await stream.WaitAsync();
            Assert.InRange(stream.FlushesStarted, 1, 3_000_000 / (64 * 1024));
        }
        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public void A_closed_file_is_not_writable_so_wrappers_do_not_flush_into_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("flush").FullName, "closed.bin");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var stream = new FlushBehindStream(file);
        Assert.True(stream.CanWrite);
        file.Dispose();
        Assert.False(stream.CanWrite);
    }
}
