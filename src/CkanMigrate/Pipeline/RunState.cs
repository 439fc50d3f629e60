using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.Pipeline;

/// <summary>
/// state.json in the work folder: the run in progress (which steps are done, so a re-run resumes
/// after them) and the last successful run (its high-water mark for <c>--since auto</c>, and counts).
/// Written to a temp file and renamed, so a crash never leaves it half-written.
/// </summary>
internal sealed class RunState
{
    private readonly string _path;
    private readonly bool _detached;
    private JsonObject _root;

    private RunState(string path, JsonObject root, bool detached = false)
    {
        _path = path;
        _root = root;
        _detached = detached;
    }

    /// <summary>A copy that reads as this one (the last run's mark and pending) but is never saved: a dry run's.</summary>
    public RunState Detached() => new(_path, (JsonObject)_root.DeepClone(), detached: true);

    public static RunState Load(string workFolder)
    {
        var path = Path.Combine(workFolder, "state.json");
        if (!File.Exists(path)) return new RunState(path, new JsonObject());
        try
        {
            return new RunState(path, JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? new JsonObject());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message.Split(" Path:")[0]}); delete it to start over");
        }
    }

    public string? HighWaterMark => _root["last_success"]?["high_water_mark"]?.GetValue<string>();

    /// <summary>The digest of the profile file the last successful run converted with (null for a built-in profile).</summary>
    public string? ProfileDigest => _root["last_success"]?["profile_digest"]?.GetValue<string>();

    /// <summary>What the last successful run moved beside records (<see cref="RunOptions.Scope"/>); null when its state predates this record.</summary>
    public IReadOnlyList<string>? Scope =>
        (_root["last_success"]?["scope"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToList();

    /// <summary>Datasets (ids or names) rejected or failed in the last successful run: the next run retries them whatever their timestamps.</summary>
    public IReadOnlyList<string> Pending =>
        (_root["last_success"]?["pending"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").Where(s => s.Length > 0).ToList();

    /// <summary>Starts a new run, or resumes the unfinished one when it was started with the same options.</summary>
    public bool BeginOrResume(string optionsFingerprint)
    {
        if (_root["run"] is JsonObject run && run["options"]?.GetValue<string>() == optionsFingerprint)
            return true;
        _root["run"] = new JsonObject
        {
            ["options"] = optionsFingerprint,
            ["started"] = DateTimeOffset.UtcNow.ToString("O"),
            ["steps"] = new JsonObject(),
        };
        Save();
        return false;
    }

    public bool IsDone(string step) => _root["run"]?["steps"]?[step]?["done"]?.GetValue<bool>() == true;

    public void MarkDone(string step, JsonObject? details = null)
    {
        var entry = details ?? new JsonObject();
        entry["done"] = true;
        entry["finished"] = DateTimeOffset.UtcNow.ToString("O");
        ((JsonObject)_root["run"]!["steps"]!)[step] = entry;
        Save();
    }

    public JsonObject? Step(string step) => _root["run"]?["steps"]?[step] as JsonObject;

    public void Succeed(string? highWaterMark, IReadOnlyDictionary<string, long> counts, IReadOnlyCollection<string> pending, IReadOnlyList<string> scope, string? profileDigest = null)
    {
        _root["last_success"] = new JsonObject
        {
            ["finished"] = DateTimeOffset.UtcNow.ToString("O"),
            ["high_water_mark"] = highWaterMark ?? HighWaterMark,
            ["counts"] = new JsonObject(counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
            ["pending"] = new JsonArray(pending.Order(StringComparer.Ordinal).Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            ["profile_digest"] = profileDigest,
            ["scope"] = new JsonArray(scope.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        };
        _root.Remove("run");
        Save();
    }

    private void Save()
    {
        if (_detached) return;
        var temp = _path + ".tmp";
        File.WriteAllText(temp, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, _path, overwrite: true);
    }
}
