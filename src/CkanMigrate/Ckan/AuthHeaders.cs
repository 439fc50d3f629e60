namespace CkanMigrate.Ckan;

/// <summary>The two headers CKAN reads a key from. Both carry the raw key: CKAN knows no "Bearer" scheme.</summary>
internal static class AuthHeaders
{
    public const string Authorization = "Authorization";
    public const string CkanApiKey = "X-CKAN-API-Key";

    public static void Add(HttpRequestMessage request, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey)) return;
        request.Headers.TryAddWithoutValidation(Authorization, apiKey);
        request.Headers.TryAddWithoutValidation(CkanApiKey, apiKey);
    }

    public static void Remove(HttpRequestMessage request)
    {
        request.Headers.Remove(Authorization);
        request.Headers.Remove(CkanApiKey);
    }
}
