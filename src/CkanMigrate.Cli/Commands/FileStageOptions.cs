using System.CommandLine;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// The six options every one-file-in, one-file-out verb takes (-I -O -z -l --rejects -q), declared
/// once: a command adds them, and reads them back as a <see cref="FileStage"/>.
/// </summary>
public sealed class FileStageOptions(IReadOnlyList<string> logFields, string? inputDescription = null, bool force = false)
{
    private readonly Option<bool>? _force = force ? FileOptions.Force() : null;
    private readonly Option<string> _input = inputDescription is null ? FileOptions.Input() : FileOptions.Input(inputDescription);
    private readonly Option<string> _output = FileOptions.Output();
    private readonly Option<bool> _gzip = FileOptions.Gzip();
    private readonly Option<string?> _log = FileOptions.Log(logFields);
    private readonly Option<string?> _rejects = FileOptions.Rejects();
    private readonly Option<bool> _quiet = FileOptions.Quiet();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _input, _output, _gzip, _log, _rejects, _quiet }) command.Options.Add(option);
        if (_force is not null) command.Options.Add(_force);
    }

    /// <summary>The values given, the input checked to exist.</summary>
    public FileStage Read(ParseResult parse) => new(
        FileOptions.ExistingFile(parse.GetValue(_input)!, "input"), parse.GetValue(_output)!,
        parse.GetValue(_gzip), parse.GetValue(_log), parse.GetValue(_rejects), parse.GetValue(_quiet))
    {
        Force = _force is not null && parse.GetValue(_force),
    };
}
