namespace CkanMigrate.Profiles.Schema;

/// <summary>The keys transmute v1.8.0 knows at each level of a schema: anything else is refused, not ignored.</summary>
internal static class SchemaKeys
{
    public static readonly string[] Schema = ["root", "types"];
    public static readonly string[] FieldLists = ["pre-fields", "fields", "post-fields"];
    public static readonly string[] Type = [.. FieldLists, "drop_unknown_fields"];
    public static readonly string[] Field =
        ["map", "validators", "multiple", "type", "remove", "default", "default_from", "value", "replace_from", "inherit_mode", "update", "validate_missing", "weight"];
    public static readonly string[] InheritModes = ["combine", "first-filled"];
}
