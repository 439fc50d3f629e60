using System.Text;
using System.Text.Json;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations;
using CkanMigrate.Profiles;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Profiles;

/// <summary>Profiles written to a temporary folder and records run through them, for the tests.</summary>
internal sealed class ProfileHarness : IDisposable
{
    private readonly TempFolder _folder = new();

    public string Write(string name, string text)
    {
        var path = _folder.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public ConversionProfile Load(string name, string text)
    {
        var result = ConversionProfile.Load(Write(name, text));
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Profile!;
    }

    public IReadOnlyList<ProfileProblem> Problems(string name, string text)
    {
        var result = ConversionProfile.Load(Write(name, text));
        Assert.False(result.Ok);
        return result.Problems;
    }

    /// <summary>A record through a kind's converter on the fast path: the result and the JSON written.</summary>
    public static (ConversionResult Result, string? Json) Convert(ConversionProfile profile, string record, EntityKind kind = EntityKind.Datasets)
    {
        var converter = (IRawRecordConverter)profile.ConverterFor(kind)!;
        using var buffer = new MemoryStream();
        ConversionResult result;
        using (var writer = new Utf8JsonWriter(buffer, JsonLineFormat.Options))
            result = converter.ConvertRaw(Encoding.UTF8.GetBytes(record), writer);
        return (result, result.Outcome == ConversionOutcome.Converted ? Encoding.UTF8.GetString(buffer.ToArray()) : null);
    }

    public void Dispose() => _folder.Dispose();
}
