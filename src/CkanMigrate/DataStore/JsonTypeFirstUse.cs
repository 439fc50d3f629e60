using System.Text.Json.Nodes;
using CkanMigrate.Ckan;

namespace CkanMigrate.DataStore;

/// <summary>
/// CKAN's DataStore makes the PostgreSQL type behind json columns ("nested") the first time a worker
/// needs it, and not safely: on a fresh target, datastore_creates made at once are refused with
/// 409 <c>"nested" is not a valid field type</c> or fail with a 500 (DuplicateObject). So a load's
/// first datastore_create goes alone, and the rest in parallel once one has succeeded; and those two
/// answers (another process may have raced) are tried again: the 409 here, with the client's
/// backoff, the 500 by the client's own retries (a DataStore write is not given up early).
/// </summary>
internal sealed class JsonTypeFirstUse(CkanClient target)
{
    private readonly SemaphoreSlim _alone = new(1, 1);
    private volatile bool _opened;

    /// <summary>Tries of a create refused for the type before it is given up.</summary>
    private const int Tries = 5;

    public async Task CreateAsync(JsonObject definition, CancellationToken ct)
    {
        if (_opened)
        {
            await CreateRetryingAsync(definition, ct).ConfigureAwait(false);
            return;
        }
        await _alone.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await CreateRetryingAsync(definition, ct).ConfigureAwait(false);
            _opened = true;
        }
        finally
        {
            _alone.Release();
        }
    }

    private async Task CreateRetryingAsync(JsonObject definition, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await target.CallAsync("datastore_create", definition, ct).ConfigureAwait(false);
                return;
            }
            catch (CkanApiException e) when (attempt < Tries && IsTypeRace(e))
            {
                await Task.Delay(target.Options.RetryBaseDelay * Math.Pow(2, attempt - 1), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The race's 409: the type not there yet.</summary>
    private static bool IsTypeRace(CkanApiException e) =>
        e.Kind == CkanErrorKind.Validation && e.FieldErrors?["fields"]?.ToJsonString().Contains("is not a valid field type", StringComparison.Ordinal) == true;
}
