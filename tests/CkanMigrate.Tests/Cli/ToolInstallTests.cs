using System.Diagnostics;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #12 §1: the CLI is a .NET tool. `dotnet pack` of the build the tests ran against gives a
/// package that `dotnet tool install` takes from a local folder (no other feed), and the installed
/// `ckan-migrate` answers --version and --help.
/// </summary>
public sealed class ToolInstallTests
{
    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_answers_version_and_help()
    {
        using var temp = new TempFolder();
        var repo = SharedFiles.RepoRoot;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var feed = Directory.CreateDirectory(temp.File("feed")).FullName;

        var pack = await Run("dotnet", temp.Path, "pack", Path.Combine(repo, "src", "CkanMigrate.Cli", "CkanMigrate.Cli.csproj"),
            "-c", configuration, "--no-build", "-o", feed, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var package = Assert.Single(Directory.GetFiles(feed, "ckan-migrate.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["ckan-migrate.".Length..];

        // Only the local folder as a source: the install must not need nuget.org.
        var config = temp.File("nuget.config");
        await File.WriteAllTextAsync(config,
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration><packageSources><clear /><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");
        var toolPath = temp.File("tools");
        var install = await Run("dotnet", temp.Path, "tool", "install", "ckan-migrate", "--tool-path", toolPath, "--configfile", config, "--version", version);
        Assert.True(install.ExitCode == 0, install.ToString());

        var tool = Path.Combine(toolPath, "ckan-migrate");
        var shown = await Run(tool, temp.Path, "--version");
        Assert.Equal(0, shown.ExitCode);
        Assert.StartsWith(version, shown.Stdout.Trim());

        var help = await Run(tool, temp.Path, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var verb in new[] { "dump", "convert", "filter", "load", "run", "verify" })
            Assert.Contains(verb, help.Stdout);
        Assert.Contains("ckan-migrate", help.Stdout);

        // Issue #23 §2: help names the dgu profile's description where the installed tool has it, not in a checkout it lacks.
        var convertHelp = await Run(tool, temp.Path, "convert", "--help");
        var described = System.Text.RegularExpressions.Regex.Match(convertHelp.Stdout, @"described in (\S+dgu-profile\.md)");
        Assert.True(described.Success, convertHelp.ToString());
        Assert.True(Path.IsPathRooted(described.Groups[1].Value) && File.Exists(described.Groups[1].Value), described.Groups[1].Value);
        Assert.StartsWith("# The data.gov.uk profile", File.ReadAllText(described.Groups[1].Value));
    }

    private static async Task<CliResult> Run(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
