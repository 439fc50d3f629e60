using System.CommandLine;
using CkanMigrate.Ckan;
using CkanMigrate.Pipeline;
using CkanMigrate.WorkFolders;
using CkanMigrate.Entities;

namespace CkanMigrate.Cli.Commands;

/// <summary>The options run and verify share: two endpoints, each with its own key, the profile and the work folder.</summary>
/// <param name="verifying">verify's wording: its target is what is compared, not written to, and files are asked for with --files.</param>
internal sealed class PipelineOptions(bool verifying = false)
{
    public const string SourceKeyVariable = "CKAN_SOURCE_API_KEY";
    public const string TargetKeyVariable = "CKAN_TARGET_API_KEY";

    public Option<string> From { get; } = new("--from") { Description = "Source: a CKAN URL or a folder of dump files (users.jsonl, organizations.jsonl, ...)", Required = true };
    public Option<string> To { get; } = new("--to")
    {
        Description = verifying
            ? "Target to compare with: a CKAN URL, or a folder of converted files (as run --to FOLDER writes them)"
            : "Target: a CKAN URL or a folder to write the converted files to",
        Required = true,
    };
    public Option<string?> FromKey { get; } = new("--from-key") { Description = $"Source API key (default ${SourceKeyVariable})" };
    public Option<string?> ToKey { get; } = new("--to-key") { Description = $"Target API key (default ${TargetKeyVariable})" };
    public Option<string?> FromKeyFile { get; } = new("--from-key-file") { Description = "Read the source key from this file (must not be readable by group or others)" };
    public Option<string?> ToKeyFile { get; } = new("--to-key-file") { Description = "Read the target key from this file (must not be readable by group or others)" };
    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = verifying
            ? "dgu (data.gov.uk), none, or a profile file (YAML/JSON, profiles/README.md); default: the profile the work folder's run used, else none"
            : "dgu (data.gov.uk), none (the default), or a profile file (YAML/JSON: ckanext-transmute schemas per kind, profiles/README.md)",
        HelpName = "dgu|none|FILE",
    };
    public Option<string?> DrupalUsers { get; } = new("--drupal-users") { Description = "Drupal users CSV for the dgu profile (default: drupal_users.csv in a source folder)" };
    public Option<bool> Production { get; } = new("--production") { Description = "dgu: carry real password hashes and harvest frequencies" };
    public Option<string?> Work { get; } = new("--work")
    {
        Description = (verifying ? "Work folder: both sides are dumped (the source through the profile) into WORK/verify and compared there" : "Work folder: each stage's files, state and report")
                      + $"; one per source/target pair, refused for another (default: {WorkFolder.DefaultParent}/SOURCE-to-TARGET-DIGEST)",
    };
    public Option<int> Parallel { get; } = new("--parallel", "-p", "--processes") { Description = "Calls in flight at once", DefaultValueFactory = _ => 4 };
    public Option<bool> NoFiles { get; } = new("--no-files") { Description = "Move metadata only: uploaded files stay on the source (by default they move with their datasets)" };
    public Option<bool> NoDataStore { get; } = new("--no-datastore") { Description = "Leave DataStore tables on the source (by default each table with datastore_active moves with its resource: fields, data dictionary, key, rows)" };

    public Option<bool> NoViews { get; } = new("--no-views")
    {
        Description = verifying
            ? "Do not compare resource views"
            : "Leave resource views on the source (by default they move: CKAN lists them per resource, so a full run asks each side once per resource; an incremental run only for changed datasets)",
    };

    public Option<bool> PublicOnly { get; } = new("--public-only")
    {
        Description = verifying
            ? "Accept a source key that is not a sysadmin's (or none): private and draft datasets, e-mails and password hashes cannot be read from the source, so they are not compared"
            : "Accept a source key that is not a sysadmin's (or none): private and draft datasets, e-mails and password hashes are not migrated",
    };
    public Option<bool> SiteConfig { get; } = new("--site-config")
    {
        Description = verifying
            ? "Also compare the site settings (title, description, about, intro, custom CSS, logo, ...)"
            : "Also move the site settings both sites let be set at runtime (title, description, about, intro, custom CSS, logo, ...; never ckan.site_url): a target's look is yours to decide",
    };
    public Option<bool> Followers { get; } = new("--followers")
    {
        Description = verifying
            ? "Also compare who follows what"
            : "Also move who follows which datasets, users, organizations and groups: each following user follows with a short-lived API token the run makes and revokes at once",
    };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress output" };
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "Do not verify TLS certificates" };
    public Option<bool> AllowInsecureHttp { get; } = new("--allow-insecure-http") { Description = "Allow keys over plain http to other hosts" };
    public Option<int> Retries { get; } = new("--retries") { Description = "Retries of a transiently failed call", DefaultValueFactory = _ => 5 };
    public Option<double> RetryDelay { get; } = new("--retry-delay") { Description = "First backoff delay in seconds", DefaultValueFactory = _ => 1 };
    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds allowed for one attempt", DefaultValueFactory = _ => 120 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { From, To, FromKey, ToKey, FromKeyFile, ToKeyFile, Profile, DrupalUsers, Production, Work, Parallel, NoViews, PublicOnly, SiteConfig, Followers, Quiet, Insecure, AllowInsecureHttp, Retries, RetryDelay, Timeout })
            command.Options.Add(option);
        if (!verifying)
        {
            command.Options.Add(NoFiles);
            command.Options.Add(NoDataStore);
        }
    }

    public RunOptions Read(ParseResult parse, string? since = null, bool propagateDeletes = false)
    {
        var from = Endpoint.Parse(parse.GetValue(From)!, KeyFile.Resolve(parse.GetValue(FromKey), parse.GetValue(FromKeyFile), FromKeyFile.Name, SourceKeyVariable));
        var to = Endpoint.Parse(parse.GetValue(To)!, KeyFile.Resolve(parse.GetValue(ToKey), parse.GetValue(ToKeyFile), ToKeyFile.Name, TargetKeyVariable));
        var work = Path.GetFullPath(parse.GetValue(Work) ?? WorkFolder.DefaultFor(from, to));
        Console.OutputPlaces.Declare(new Console.OutputPlace("the work folder", Work.Name, work, IsFolder: true, verifying
            ? "(verify keeps a copy of both sides there)"
            : "(a run keeps about two to three times the size of the source's dump); finished stages are kept, and the same command resumes"));
        if (!verifying && !to.IsCkan) Console.OutputPlaces.Declare(new Console.OutputPlace("the output folder", To.Name, Path.GetFullPath(to.Folder!), IsFolder: true));
        // verify reads the source as the work folder's run converted it, unless told otherwise.
        var recorded = verifying ? WorkFolder.Recorded(work) : null;
        var profile = parse.GetValue(Profile) ?? recorded?.Profile ?? ProfileChoice.None;
        // A profile file is read and checked whole here, before anything else is read; it is known by its full path.
        var profileFile = ProfileChoice.IsBuiltIn(profile) ? null : ProfileChoice.Load(profile);
        if (profileFile is not null) profile = Path.GetFullPath(profile);
        foreach (var endpoint in new[] { from, to })
        {
            if (endpoint.IsCkan)
            {
                SiteUrl.Parse(endpoint.Url!.OriginalString); // refuses user:pass@ in the URL, as dump and load do
                SiteUrl.CheckKeyTransport(endpoint.Url!, endpoint.ApiKey, parse.GetValue(AllowInsecureHttp));
            }
            else if (endpoint == from && !Directory.Exists(endpoint.Folder)) throw new UsageException($"--from {endpoint.Folder}: no such folder");
        }
        if (!to.IsCkan && from.Folder is not null && Path.GetFullPath(to.Folder!) == Path.GetFullPath(from.Folder))
            throw new UsageException("--to must not be the --from folder: converted files would overwrite the dumps");
        var drupal = parse.GetValue(DrupalUsers) ?? (recorded?.Profile == profile ? recorded.DrupalUsers : null);
        if (drupal is null && from.Folder is not null)
            drupal = new[] { "drupal_users.csv", "drupal_users.csv.gz", "drupal_users_table.csv.gz" }.Select(n => Path.Combine(from.Folder, n)).FirstOrDefault(File.Exists);
        if (drupal is not null && !File.Exists(drupal)) throw new UsageException($"--drupal-users {drupal}: no such file");
        if (profile == ProfileChoice.Dgu && drupal is null) throw new UsageException("the dgu profile needs --drupal-users (the Drupal users table CSV)");
        if (parse.GetValue(Parallel) < 1) throw new UsageException("--parallel must be at least 1");
        return new RunOptions
        {
            From = from,
            To = to,
            Profile = profile,
            ProfileFile = profileFile,
            DrupalUsers = drupal is null ? null : Path.GetFullPath(drupal),
            Production = parse.GetValue(Production) || (recorded?.Profile == profile && parse.GetResult(Production) is null && recorded.Production),
            Since = since,
            WorkFolder = work,
            Parallel = parse.GetValue(Parallel),
            PropagateDeletes = propagateDeletes,
            PublicOnly = parse.GetValue(PublicOnly),
            Files = !verifying && !parse.GetValue(NoFiles),
            DataStore = !verifying && !parse.GetValue(NoDataStore),
            Asked = new[] { (SiteConfig, Portal.PortalKinds.SiteConfig), (Followers, Portal.PortalKinds.Followers) }
                .Where(o => parse.GetValue(o.Item1)).Select(o => o.Item2.CliName).ToHashSet(StringComparer.Ordinal),
            Declined = new[] { (NoViews, Portal.PortalKinds.Views) }
                .Where(o => parse.GetValue(o.Item1)).Select(o => o.Item2.CliName).ToHashSet(StringComparer.Ordinal),
            Transport = new CkanClientOptions
            {
                BaseUrl = new Uri("http://placeholder.invalid/"),
                Insecure = parse.GetValue(Insecure),
                MaxRetries = Math.Max(0, parse.GetValue(Retries)),
                RetryBaseDelay = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(RetryDelay))),
                AttemptTimeout = TimeSpan.FromSeconds(parse.GetValue(Timeout) > 0 ? parse.GetValue(Timeout) : 120),
                OnRetry = Console.Output.Retrying,
            },
        };
    }
}
