using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>Issue #12 §4 (part): what is made from users' records is owner-only, whatever the verb.</summary>
public sealed class FileModeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Filtering_a_users_file_writes_its_output_and_rejects_owner_only()
    {
        var input = JsonLinesFile.Write(_dir.File("users.jsonl"), [
            new JsonObject { ["name"] = "alice", ["email"] = "alice@example.org", ["password_hash"] = "$pbkdf2$x", ["metadata_modified"] = "2024-01-01T00:00:00" },
            new JsonObject { ["name"] = "bob", ["email"] = "bob@example.org", ["metadata_modified"] = "not a time" },
        ]);
        File.SetUnixFileMode(input, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead); // 0644, as copied around

        var run = await CliProcess.RunAsync("filter", "--since", "2020-01-01", "-I", input, "-O", _dir.File("out.jsonl"), "--rejects", _dir.File("rejects.jsonl"), "-q");

        Assert.Equal(3, run.ExitCode); // bob's timestamp is rejected
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("out.jsonl")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("rejects.jsonl")));
    }
}
