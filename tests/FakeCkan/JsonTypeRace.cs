using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// What a fresh CKAN does to the first DataStore tables with json columns (seen on 2.10 and 2.11):
/// the PostgreSQL type behind them ("nested") is created lazily, by the first datastore_create that
/// needs it, and not safely — a create that arrives while another is making it is refused with
/// 409 <c>"nested" is not a valid field type</c>, or fails with a 500 (DuplicateObject in the log).
/// Once made, the type is there for every later create. Only with <see cref="FakeCkanOptions.LazyJsonType"/>.
/// </summary>
internal sealed class JsonTypeRace
{
    private readonly Lock _gate = new();
    private bool _made;
    private int _making;
    private int _refused;

    /// <summary>How long making the type takes: the window in which another create fails.</summary>
    public static readonly TimeSpan MakingTakes = TimeSpan.FromMilliseconds(300);

    /// <summary>The next creates that need the type fail as if another worker were making it (what a second process touching the DataStore causes).</summary>
    public int FailNext { get; set; }

    /// <summary>Null to go on; else the error this create gets.</summary>
    public async Task<CkanActionException?> EnterAsync(JsonObject parameters)
    {
        if (!NeedsType(parameters)) return null;
        bool first;
        lock (_gate)
        {
            if (_made) return null;
            if (FailNext > 0 || _making > 0)
            {
                if (FailNext > 0) FailNext--;
                return ++_refused % 2 == 1
                    ? CkanActionException.Validation("fields", "\"nested\" is not a valid field type")
                    : CkanActionException.Internal();
            }
            first = _making++ == 0;
        }
        if (first) await Task.Delay(MakingTakes).ConfigureAwait(false);
        lock (_gate)
        {
            _made = true;
            _making--;
        }
        return null;
    }

    private static bool NeedsType(JsonObject parameters) =>
        (parameters["fields"] as JsonArray ?? []).OfType<JsonObject>().Any(f => FakeCkanStore.Str(f, "type") is "json" or "nested");
}
