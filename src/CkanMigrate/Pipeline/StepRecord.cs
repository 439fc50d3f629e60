using System.Text.Json.Nodes;

namespace CkanMigrate.Pipeline;

/// <summary>A finished step's result as state.json keeps it, so a resumed run reports it as it was.</summary>
internal static class StepRecord
{
    public static JsonObject Write(StageResult result) => new()
    {
        ["kind"] = result.Kind,
        ["counts"] = new JsonObject(result.Counts.Select(c => KeyValuePair.Create(c.Outcome, (JsonNode?)c.Count))),
        ["seconds"] = result.Seconds,
        ["note"] = result.Note,
        ["latest"] = result.Latest,
        ["read"] = result.Read,
        ["unproven"] = result.Unproven,
        ["log"] = result.LogPath,
        ["warnings"] = Strings(result.Warnings),
        ["problems"] = Strings(result.FirstProblems),
        ["rejects"] = result.RejectsPath,
        ["skipped"] = Strings(result.FirstSkipped),
        ["parts"] = new JsonArray(result.Parts.Select(p => (JsonNode)Write(p)).ToArray()),
        ["unfit"] = new JsonArray(result.Unfit.Select(u => (JsonNode)new JsonObject
        {
            ["reason"] = u.Reason, ["count"] = u.Count, ["examples"] = Strings(u.Examples),
        }).ToArray()),
    };

    public static StageResult Read(string stage, string kind, JsonObject done)
    {
        var counts = (done["counts"] as JsonObject ?? []).Select(p => (p.Key, p.Value!.GetValue<long>())).ToList();
        var earlier = done["note"]?.GetValue<string>();
        return new StageResult(stage, kind, counts, done["seconds"]?.GetValue<double>() ?? 0, earlier is null ? "done before resuming" : $"{earlier}; done before resuming")
        {
            Latest = done["latest"]?.GetValue<string>(),
            Read = done["read"]?.GetValue<long>(),
            Unproven = done["unproven"]?.GetValue<bool>() == true,
            LogPath = done["log"]?.GetValue<string>(),
            Warnings = List(done["warnings"]),
            FirstProblems = List(done["problems"]),
            RejectsPath = done["rejects"]?.GetValue<string>(),
            FirstSkipped = List(done["skipped"]),
            Parts = (done["parts"] as JsonArray ?? []).OfType<JsonObject>().Select(p => Read(stage, p["kind"]?.GetValue<string>() ?? kind, p)).ToList(),
            Unfit = (done["unfit"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(u => (u["reason"]?.GetValue<string>() ?? "", u["count"]?.GetValue<long>() ?? 0, (IReadOnlyList<string>)List(u["examples"]))).ToList(),
        };
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode)i).ToArray());

    private static List<string> List(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
}
