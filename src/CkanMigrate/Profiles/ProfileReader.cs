using System.Text;
using CkanMigrate.Profiles.Schema;
using CkanMigrate.Profiles.Scripting;
using CkanMigrate.Profiles.Source;
using CkanMigrate.Profiles.Transmutators;

namespace CkanMigrate.Profiles;

/// <summary>
/// Reads a profile file and every file it names: settings (name, description, functions), then one
/// transmute schema per kind, inline or by a path relative to the profile. A file that is itself a
/// transmute schema (root and types at the top) is the datasets' schema. Every problem is collected.
/// </summary>
internal sealed class ProfileReader
{
    private readonly ProblemList _problems = new();
    private readonly ConstantPool _constants = new();
    private readonly List<string> _files = [];

    public IReadOnlyList<ProfileProblem> Problems => _problems.All;

    public ConversionProfile? Read(string path)
    {
        var full = Path.GetFullPath(path);
        var root = ReadFile(full, null);
        if (root is null) return null;
        if (root.Kind != SourceKind.Map)
        {
            _problems.Add(root, "(profile)", $"a profile must be a mapping, not {root.Describe()}");
            return null;
        }
        var isSchema = root.Member("root") is not null && root.Member("types") is not null;
        string? name = null, description = null;
        ScriptFunctions? scripts = null;
        var scriptsFailed = false;
        var kinds = new List<(string Kind, SourceNode Node)>();
        if (isSchema) kinds.Add(("datasets", root));
        else
        {
            foreach (var (key, value) in root.Members)
            {
                switch (key)
                {
                    case "name": name = Text(value, key); break;
                    case "description": description = Text(value, key); break;
                    case "functions":
                        scripts = Functions(value, full);
                        scriptsFailed = scripts is null;
                        break;
                    default:
                        if (ProfileKinds.Names.Contains(key)) kinds.Add((key, value));
                        else _problems.Add(value, key, $"is neither a setting ({string.Join(", ", ProfileKinds.Settings)}) nor a kind ({string.Join(", ", ProfileKinds.Names)})");
                        break;
                }
            }
            if (kinds.Count == 0) _problems.Add(root, "(profile)", "the profile names no kind to convert");
        }
        var catalogue = new Catalogue(scripts, scriptsFailed);
        var schemas = new Dictionary<string, TransmuteSchema>(StringComparer.Ordinal);
        foreach (var (kind, node) in kinds)
        {
            var schemaNode = node.IsText ? ReadFile(Path.GetFullPath((string)node.Scalar!, Path.GetDirectoryName(full)!), node) : node;
            if (schemaNode is null) continue;
            if (new SchemaReader(catalogue, _constants, _problems).Read(schemaNode) is { } schema) schemas[kind] = schema;
        }
        if (_problems.Any)
        {
            scripts?.Dispose();
            return null;
        }
        return new ConversionProfile(name ?? Path.GetFileNameWithoutExtension(full), description, schemas, _constants.Count, scripts, ProfileDigest.Of(_files));
    }

    private string? Text(SourceNode node, string key)
    {
        if (node.Scalar is string s) return s;
        _problems.Add(node, key, $"must be text, not {node.Describe()}");
        return null;
    }

    /// <summary>A file's nodes (YAML, or JSON for a .json file), noted for the digest; a missing file is a problem at the line that names it.</summary>
    private SourceNode? ReadFile(string path, SourceNode? namedAt)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (namedAt is null) _problems.Add(path, 1, 1, "(file)", $"cannot be read: {e.Message}");
            else _problems.Add(namedAt, "(file)", $"cannot read {path}: {e.Message}");
            return null;
        }
        _files.Add(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? JsonSource.Read(path, bytes, _problems)
            : YamlSource.Read(path, Encoding.UTF8.GetString(bytes), _problems);
    }

    /// <summary>functions: a path to a .js file (one line ending in .js), or the JavaScript itself.</summary>
    private ScriptFunctions? Functions(SourceNode node, string profile)
    {
        if (node.Scalar is not string text)
        {
            _problems.Add(node, "functions", $"must be JavaScript or the path of a .js file, not {node.Describe()}");
            return null;
        }
        if (!text.Contains('\n') && text.Trim().EndsWith(".js", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.GetFullPath(text.Trim(), Path.GetDirectoryName(profile)!);
            try
            {
                var source = File.ReadAllText(path);
                _files.Add(path);
                return ScriptFunctions.Load(source, path, 1, node, _problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _problems.Add(node, "functions", $"cannot read {path}: {e.Message}");
                return null;
            }
        }
        // An inline block starts on the line after "functions: |".
        return ScriptFunctions.Load(text, profile, node.Line + 1, node, _problems);
    }
}
