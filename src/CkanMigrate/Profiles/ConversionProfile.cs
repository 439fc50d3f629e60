using System.Text.Json;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations;
using CkanMigrate.Profiles.Schema;
using CkanMigrate.Profiles.Scripting;

namespace CkanMigrate.Profiles;

/// <summary>
/// A conversion profile read from a file: a ckanext-transmute schema per kind of record (see
/// profiles/README.md). <see cref="Load"/> reads and checks the whole profile before any record is
/// read, reporting every problem with file and line; <see cref="ConverterFor(EntityKind)"/> gives the
/// converter of one kind for the convert runner; <see cref="Digest"/> changes whenever the profile or
/// a file it references does.
/// </summary>
public sealed class ConversionProfile
{
    private readonly IReadOnlyDictionary<string, TransmuteSchema> _schemas;
    private readonly int _constants;
    private readonly ScriptFunctions? _scripts;

    internal ConversionProfile(string name, string? description, IReadOnlyDictionary<string, TransmuteSchema> schemas, int constants, ScriptFunctions? scripts, string digest)
    {
        Name = name;
        Description = description;
        _schemas = schemas;
        _constants = constants;
        _scripts = scripts;
        Digest = digest;
    }

    public string Name { get; }
    public string? Description { get; }

    /// <summary>SHA-256 (hex) of the profile file and every file it references.</summary>
    public string Digest { get; }

    /// <summary>The kinds the profile converts, by name (users, organizations, groups, datasets, harvest-sources, views, …).</summary>
    public IReadOnlyCollection<string> Kinds => [.. _schemas.Keys];

    /// <summary>Reads and checks a profile (YAML or JSON) and the files it names.</summary>
    public static ProfileLoadResult Load(string path)
    {
        var reader = new ProfileReader();
        var profile = reader.Read(path);
        return new ProfileLoadResult(profile, reader.Problems);
    }

    /// <summary>Every problem of a profile, for a check before any work; empty when it can be used.</summary>
    public static IReadOnlyList<ProfileProblem> Check(string path) => Load(path).Problems;

    public bool Covers(EntityKind kind) => _schemas.ContainsKey(ProfileKinds.NameOf(kind));

    /// <summary>The converter of one kind, or null when the profile leaves that kind as it is.</summary>
    public IRecordConverter? ConverterFor(EntityKind kind) => ConverterFor(ProfileKinds.NameOf(kind));

    public IRecordConverter? ConverterFor(string kind) =>
        _schemas.TryGetValue(kind, out var schema) ? new TransmuteConverter(schema, _constants, _scripts) : null;

    /// <summary>A dry run: the first <paramref name="count"/> records of a JSON Lines file (gzip or not), before and after.</summary>
    public async Task<IReadOnlyList<PreviewRecord>> PreviewAsync(string kind, string input, int count, CancellationToken cancellationToken = default)
    {
        var converter = (IRawRecordConverter?)ConverterFor(kind) ?? throw new ArgumentException($"the profile does not convert {kind}", nameof(kind));
        var records = new List<PreviewRecord>();
        using var buffer = new MemoryStream();
        await foreach (var line in JsonLinesReader.ReadAsync(input, cancellationToken).ConfigureAwait(false))
        {
            if (records.Count >= count) break;
            if (line.IsBlank) continue;
            buffer.SetLength(0);
            ConversionResult result;
            using (var writer = new Utf8JsonWriter(buffer, JsonLineFormat.Options))
                result = converter.ConvertRaw(line.Raw, writer);
            var after = result.Outcome == ConversionOutcome.Converted ? System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : null;
            records.Add(new PreviewRecord(line.Number, System.Text.Encoding.UTF8.GetString(line.Raw.Span), after, result.Outcome, result.Reason, result.Notes));
        }
        return records;
    }
}
