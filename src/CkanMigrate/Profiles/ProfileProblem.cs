namespace CkanMigrate.Profiles;

/// <summary>One thing wrong with a profile, where it is: file, 1-based line and column, the key concerned and what is wrong.</summary>
public sealed record ProfileProblem(string File, int Line, int Column, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Key}: {Message}";
}
