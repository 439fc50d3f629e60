using System.Text.Json.Nodes;

namespace CkanMigrate.WorkFolders;

/// <summary>
/// The migration a work folder belongs to: its source, its target and the profile its converted
/// files were made with. Kept in the folder as pair.json from the first run on.
/// </summary>
/// <param name="DrupalUsers">the dgu profile's Drupal users table, remembered so verify reads the source as the run did</param>
/// <param name="Production">the dgu profile's --production, likewise</param>
internal sealed record WorkPair(EndIdentity Source, EndIdentity Target, string Profile, string? DrupalUsers = null, bool Production = false)
{
    /// <summary>Whether another invocation may use a folder of this pair: both ends the same, and the same profile.</summary>
    public bool Admits(WorkPair other) => Source.IsSameAs(other.Source) && Target.IsSameAs(other.Target) && Profile == other.Profile;

    public override string ToString() => $"{Source} → {Target} (profile {Profile})";

    public JsonObject ToJson() => new()
    {
        ["source"] = Source.ToJson(),
        ["target"] = Target.ToJson(),
        ["profile"] = Profile,
        ["drupal_users"] = DrupalUsers,
        ["production"] = Production,
    };

    public static WorkPair FromJson(JsonNode node) =>
        new(EndIdentity.FromJson(node["source"]), EndIdentity.FromJson(node["target"]), node["profile"]?.GetValue<string>() ?? Pipeline.RunOptions.NoProfile,
            node["drupal_users"]?.GetValue<string>(), node["production"]?.GetValue<bool>() == true);
}
