using System.CommandLine;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// The six options every one-file-in, one-file-out verb takes (-I -O -z -l --rejects -q), declared
/// once: a command adds them, and reads them back as a <see cref="FileStage"/>.
/// </summary>
/// <param name="filesOptional">-I and -O are checked by <see cref="Read"/> rather than by the parser: the verb has modes that need neither (convert --check)</param>
internal sealed class FileStageOptions(IReadOnlyList<string> logFields, string? inputDescription = null, bool force = false, bool filesOptional = false)
{
    private readonly Option<bool>? _force = force ? FileOptions.Force() : null;
    private readonly Option<string> _input = Optional(inputDescription is null ? FileOptions.Input() : FileOptions.Input(inputDescription), filesOptional);
    private readonly Option<string> _output = Optional(FileOptions.Output(), filesOptional);

    private static Option<string> Optional(Option<string> option, bool optional)
    {
        if (optional) option.Required = false;
        return option;
    }

    /// <summary>The input given (-I), checked to exist; for a mode that reads but writes nothing.</summary>
    public string Input(ParseResult parse) =>
        FileOptions.ExistingFile(parse.GetValue(_input) ?? throw new UsageException($"{_input.Name} FILE is required"), "input");
    private readonly Option<bool> _gzip = FileOptions.Gzip();
    private readonly Option<string?> _log = FileOptions.Log(logFields);
    private readonly Option<string?> _rejects = FileOptions.Rejects();
    private readonly Option<bool> _quiet = FileOptions.Quiet();
    private readonly Option<int> _gzipLevel = new("--gzip-level")
    {
        Description = "gzip output: 1 (fastest, the default) to 9 (smallest), as gzip -1 … -9; blocks of 2 MB are compressed on every core",
        DefaultValueFactory = _ => 1,
    };
    private readonly Option<int> _threads = new("--threads") { Description = "Cores to work on (default: all the machine has); the output is the same bytes whatever the number" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _input, _output, _gzip, _gzipLevel, _threads, _log, _rejects, _quiet }) command.Options.Add(option);
        if (_force is not null) command.Options.Add(_force);
    }

    /// <summary>The values given, the input checked to exist.</summary>
    public FileStage Read(ParseResult parse)
    {
        if (parse.GetValue(_gzipLevel) is < 1 or > 9) throw new UsageException("--gzip-level is 1 (fastest) to 9 (smallest)");
        if (parse.GetValue(_threads) < 0) throw new UsageException("--threads must be at least 1 (or left out: all cores)");
        var output = parse.GetValue(_output) ?? throw new UsageException($"{_output.Name} FILE is required");
        return new FileStage(Input(parse), output,
            parse.GetValue(_gzip), parse.GetValue(_log), parse.GetValue(_rejects), parse.GetValue(_quiet))
        {
            Force = _force is not null && parse.GetValue(_force),
            GzipLevel = parse.GetValue(_gzipLevel),
            Threads = parse.GetValue(_threads),
        };
    }
}
