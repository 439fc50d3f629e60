namespace CkanMigrate.Cli;

/// <summary>
/// ckanapi's options this tool does not have, each answered with what to use instead, before the
/// command line is parsed (a parser error would only say "unrecognized"). README's "From ckanapi"
/// table says the same.
/// </summary>
internal static class CkanapiFlags
{
    private static readonly (string[] Names, string Answer)[] Refused =
    [
        (["-c", "--config"], "local mode (-c/--config ckan.ini) is not supported: give the site's URL with -r (and a key with -a)"),
        (["-u", "--ckan-user"], "-u/--ckan-user belongs to ckanapi's local mode, which this tool does not have: to act as a user, give that user's API key with -a (or --api-key-file)"),
        (["-g", "--get-request"], "-g/--get-request is not needed: every call goes to the API as CKAN takes it (a JSON POST); leave -g out"),
        (["-D", "--datapackages"], "-D/--datapackages is not supported: to move uploaded files, give --files DIR to dump datasets and then to load datasets"),
        (["--upload-resources"], "--upload-resources: uploaded files move with --files DIR, given to dump datasets (fetched with the key, checked) and then to load datasets (sent once)"),
        (["--upload-logo"], "--upload-logo: organization and group images move with --files DIR, given to dump and then to load organizations or groups"),
    ];

    /// <summary>The answer to the first ckanapi option on the command line this tool does not have, or null.</summary>
    public static string? AnswerTo(IEnumerable<string> args) =>
        args.Select(arg => Refused.FirstOrDefault(r => r.Names.Any(name => arg == name || arg.StartsWith(name + "=", StringComparison.Ordinal))).Answer)
            .FirstOrDefault(answer => answer is not null);
}
