using System.Collections.Frozen;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>The mapping tables of the data.gov.uk migration, as data (spec/dgu-migration.md §10).</summary>
internal static class DguTables
{
    /// <summary>§10.1: legacy theme-primary title (exact, case-sensitive) → new slug. Anything else becomes "None".</summary>
    public static readonly FrozenDictionary<string, string> PrimaryThemes = new Dictionary<string, string>
    {
        ["Business & Economy"] = "business-and-economy",
        ["Environment"] = "environment",
        ["Mapping"] = "mapping",
        ["Crime & Justice"] = "crime-and-justice",
        ["Government"] = "government",
        ["Society"] = "society",
        ["Defence"] = "defence",
        ["Government Spending"] = "government-spending",
        ["Towns & Cities"] = "towns-and-cities",
        ["Education"] = "education",
        ["Health"] = "health",
        ["Transport"] = "transport",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>What an unmappable or missing primary theme becomes: the four-letter string, as the original wrote (D5).</summary>
    public const string NoTheme = "None";

    /// <summary>§10.2: legacy harvest type → new source_type. Unknown types pass through.</summary>
    public static readonly FrozenDictionary<string, string> HarvestSourceTypes = new Dictionary<string, string>
    {
        ["gemini-single"] = "single-doc",
        ["gemini-csw"] = "csw",
        ["gemini-waf"] = "waf",
        ["data_json"] = "dcat_json",
        ["dkan"] = "dcat_json",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>§6 step 1 and §10.3: the DGU split resource lists, always deleted.</summary>
    public static readonly string[] SplitResourceLists = ["individual_resources", "additional_resources", "timeseries_resources"];

    /// <summary>§6 step 6: moved into extras as Python-style JSON, replacing extras of the same key.
    /// <c>archiver</c> is our addition (bug D4: real dumps call the plugin key archiver, not archival).</summary>
    public static readonly string[] MovedToExtras = ["archival", "archiver", "qa", "theme-secondary", "geographic_coverage"];

    /// <summary>§6 step 7: extras removed because the new schema stores them as fields.</summary>
    public static readonly FrozenSet<string> ExtrasNowFields = new[]
    {
        "codelist", "schema", "theme-primary", "contact-name", "contact-email", "contact-phone",
        "foi-name", "foi-email", "foi-web", "foi-phone", "date_update_future",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>§6 step 8: email fields cleaned, in this order.</summary>
    public static readonly string[] EmailFields = ["author_email", "contact_email", "maintainer_email", "contact-email", "foi-email"];

    /// <summary>§6 step 9: resource keys serialised to JSON strings.</summary>
    public static readonly string[] ResourceJsonKeys = ["qa", "archiver"];

    /// <summary>§5.2 step E / §10.4: organization extras promoted to top-level fields, in this order.</summary>
    public static readonly string[] PublisherContactKeys = ["contact-name", "contact-email", "contact-phone", "foi-name", "foi-email", "foi-web", "foi-phone"];

    /// <summary>§5.4: the 94 printable ASCII characters the unusable random hash is drawn from.</summary>
    public const string RandomHashAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public const int RandomHashLength = 50;

    /// <summary>Legacy harvest frequencies are forced to this outside production (§8.2).</summary>
    public const string ManualFrequency = "MANUAL";
}
