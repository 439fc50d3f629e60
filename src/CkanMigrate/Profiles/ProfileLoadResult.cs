namespace CkanMigrate.Profiles;

/// <summary>What reading a profile gave: the profile, or every problem found in it (file, line, key and what is wrong).</summary>
public sealed record ProfileLoadResult(ConversionProfile? Profile, IReadOnlyList<ProfileProblem> Problems)
{
    public bool Ok => Profile is not null;
}
