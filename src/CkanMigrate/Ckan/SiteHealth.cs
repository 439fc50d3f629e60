namespace CkanMigrate.Ckan;

/// <summary>
/// How a site's recent answers went: of its last attempts (all calls, retries included), how many
/// were HTTP 500. A record write that gets the same 500 twice is given up early only while the
/// site's other calls are not failing so too: then the record is what CKAN chokes on. When 500s are
/// all around (a database that comes and goes), every write keeps its full retries.
/// </summary>
internal sealed class SiteHealth
{
    private const int Window = 200;

    /// <summary>The share of other attempts that may have failed with 500 for a site to count as well (1 in 50).</summary>
    private const int OneIn = 50;

    private readonly bool[] _failed = new bool[Window];
    private readonly Lock _gate = new();
    private int _next;
    private int _seen;
    private int _failures;

    public void Record(bool serverError)
    {
        lock (_gate)
        {
            if (_seen == Window && _failed[_next]) _failures--;
            _failed[_next] = serverError;
            if (serverError) _failures++;
            _next = (_next + 1) % Window;
            _seen = Math.Min(_seen + 1, Window);
        }
    }

    /// <summary>Whether the 500s of the last attempts, beside <paramref name="own"/> of the caller's, are few.</summary>
    public bool OthersFine(int own)
    {
        lock (_gate) return (_failures - own) * OneIn <= _seen;
    }
}
