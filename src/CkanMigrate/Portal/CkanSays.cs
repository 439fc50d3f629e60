using CkanMigrate.Ckan;

namespace CkanMigrate.Portal;

/// <summary>Whether CKAN's refusal says these words, in its message or its field errors (extensions put theirs in either).</summary>
internal static class CkanSays
{
    public static bool Words(CkanApiException e, string words) =>
        e.Message.Contains(words, StringComparison.Ordinal) || e.FieldErrors?.ToJsonString().Contains(words, StringComparison.Ordinal) == true;
}
