namespace CkanMigrate.Profiles.Source;

/// <summary>Every problem found while a profile is read, so all of them are reported at once.</summary>
internal sealed class ProblemList
{
    private readonly List<ProfileProblem> _problems = [];

    /// <summary>In reading order: file by file (as first met), then by line and column.</summary>
    public IReadOnlyList<ProfileProblem> All
    {
        get
        {
            var files = _problems.Select(p => p.File).Distinct().ToList();
            return [.. _problems.OrderBy(p => files.IndexOf(p.File)).ThenBy(p => p.Line).ThenBy(p => p.Column)];
        }
    }

    public bool Any => _problems.Count > 0;

    public void Add(SourceNode at, string key, string message) => _problems.Add(new ProfileProblem(at.File, at.Line, at.Column, key, message));

    public void Add(string file, int line, int column, string key, string message) => _problems.Add(new ProfileProblem(file, line, column, key, message));
}
