namespace CkanMigrate.Profiles.Source;

/// <summary>Every problem found while a profile is read, so all of them are reported at once.</summary>
internal sealed class ProblemList
{
    private readonly List<ProfileProblem> _problems = [];

    public IReadOnlyList<ProfileProblem> All => _problems;

    public bool Any => _problems.Count > 0;

    public void Add(SourceNode at, string key, string message) => _problems.Add(new ProfileProblem(at.File, at.Line, at.Column, key, message));

    public void Add(string file, int line, int column, string key, string message) => _problems.Add(new ProfileProblem(file, line, column, key, message));
}
