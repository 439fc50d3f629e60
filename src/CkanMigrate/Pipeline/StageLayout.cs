namespace CkanMigrate.Pipeline;

/// <summary>
/// Where one stage of a run writes, in the work folder: <c>NAME.jsonl</c> (its output),
/// <c>NAME.log</c> (one line per record that needs a word) and <c>NAME.rejects.jsonl</c> (rejected
/// input lines, unchanged). Output and rejects are written under temp names and appear only when
/// the stage finished; the log is kept in any case, since it says why a stage stopped.
/// </summary>
/// <param name="Folder">the stage's folder, e.g. work/2-convert</param>
/// <param name="Name">the file name stem, e.g. datasets</param>
/// <param name="Output">whether the stage writes records (at <see cref="OutputPath"/>)</param>
/// <param name="Rejects">whether it copies rejected lines aside</param>
/// <param name="OwnerOnly">whether its files may hold e-mails or password hashes</param>
/// <param name="OutputElsewhere">an output outside the work folder (a run into a folder)</param>
internal sealed record StageLayout(string Folder, string Name, bool Output, bool Rejects, bool OwnerOnly, string? OutputElsewhere = null)
{
    public string OutputPath => OutputElsewhere ?? Path.Combine(Folder, $"{Name}.jsonl");

    public string LogPath => Path.Combine(Folder, $"{Name}.log");

    public string RejectsPath => Path.Combine(Folder, $"{Name}.rejects.jsonl");
}
