using System.CommandLine;
using System.Globalization;
using CkanMigrate.Cli.Console;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// <c>convert users --profile dgu</c>: users + Drupal table + organizations in one pass
/// (docs/dgu-profile.md); with a profile file, users alone, as any other kind.
/// </summary>
internal static class ConvertUsersCommand
{
    public static Command Create()
    {
        var profile = ConvertCommand.Profile();
        var check = ProfileChoice.CheckOption();
        var preview = ProfileChoice.PreviewOption();
        var input = FileOptions.Input("Users JSON Lines (ckanapi/ckan-migrate dump users)");
        input.Required = false;
        var drupal = new Option<string?>("--drupal-users") { Description = "dgu: Drupal users table CSV (plain or gzip)" };
        var organizations = new Option<string?>("--organizations") { Description = "dgu: legacy organizations JSON Lines" };
        var output = FileOptions.Output("Converted users (created 0600: emails and password hashes)");
        output.Required = false;
        var organizationsOut = OutputPlaces.Track(new Option<string?>("--organizations-out") { Description = "dgu: converted organizations" }, "the organizations output");
        var production = new Option<bool>("--production") { Description = "Carry the real Drupal password hashes (else unusable random ones)" };
        var gzip = FileOptions.Gzip();
        var log = FileOptions.Log(LogFields.ConvertUsers);
        var rejects = FileOptions.Rejects();
        var organizationRejects = FileOptions.Rejects("the organizations rejects file", "--organizations-rejects", "Write rejected organization lines here, unchanged");
        var quiet = FileOptions.Quiet();
        var force = FileOptions.Force();
        var threads = new Option<int>("--threads") { Description = "Cores to work on (default: all); the output is the same bytes whatever the number" };
        var command = new Command("users", $"Convert users (dgu: legacy users and publishers, merging the Drupal users table; in full: {ShippedDocs.DguProfile})");
        foreach (var option in new Option[] { profile, check, preview, input, drupal, organizations, output, organizationsOut, production, gzip, threads, log, rejects, organizationRejects, quiet, force })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(profile)!;
            if (chosen != ProfileChoice.Dgu)
            {
                if (chosen == ProfileChoice.None) throw new UsageException("convert needs a profile: dgu or a profile file");
                if (parse.GetValue(check)) return ProfileChoice.Check(chosen);
                foreach (var dguOnly in new Option[] { drupal, organizations, organizationsOut, organizationRejects, production }.Where(o => parse.GetResult(o) is { Implicit: false }))
                    throw new UsageException($"{dguOnly.Name} is an option of the dgu profile, not of a profile file");
                var file = ProfileChoice.Load(chosen);
                var converter = file.ConverterFor(CkanMigrate.Entities.EntityKind.Users) ?? throw new UsageException($"--profile {chosen} converts {string.Join(", ", file.Kinds)}, not users");
                var inputPath = FileOptions.ExistingFile(parse.GetValue(input) ?? throw new UsageException("--input FILE is required"), "input");
                if (parse.GetValue(preview) is { } count) return await ProfileChoice.PreviewAsync(file, "users", inputPath, Math.Max(1, count), cancellationToken).ConfigureAwait(false);
                var stage = new FileStage(inputPath, parse.GetValue(output) ?? throw new UsageException("--output FILE is required"), parse.GetValue(gzip),
                    parse.GetValue(log), parse.GetValue(rejects), parse.GetValue(quiet)) { Force = parse.GetValue(force), Threads = parse.GetValue(threads) };
                var converted = await ConvertCommand.RunFileConversion(converter, "convert users", stage, ownerOnly: true, cancellationToken, CkanMigrate.Entities.EntityKind.Users).ConfigureAwait(false);
                return converted.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
            }
            if (parse.GetValue(check) || parse.GetValue(preview) is not null) throw new UsageException("--check and --preview are for a profile file");
            var missing = new (Option Option, object? Value)[] { (input, parse.GetValue(input)), (output, parse.GetValue(output)), (drupal, parse.GetValue(drupal)),
                (organizations, parse.GetValue(organizations)), (organizationsOut, parse.GetValue(organizationsOut)) }.Where(o => o.Value is null).Select(o => o.Option.Name).ToList();
            if (missing.Count > 0) throw new UsageException($"convert users --profile dgu needs {string.Join(", ", missing)}");
            // U1 fixed: every input is checked, each with its own clear message.
            var usersPath = FileOptions.ExistingFile(parse.GetValue(input)!, "users file");
            var drupalPath = FileOptions.ExistingFile(parse.GetValue(drupal)!, "Drupal users CSV");
            var organizationsPath = FileOptions.ExistingFile(parse.GetValue(organizations)!, "organizations file");
            if (!parse.GetValue(force))
            {
                await CkanMigrate.Entities.KindGuard.CheckFileAsync(usersPath, CkanMigrate.Entities.EntityKind.Users, cancellationToken).ConfigureAwait(false);
                await CkanMigrate.Entities.KindGuard.CheckFileAsync(organizationsPath, CkanMigrate.Entities.EntityKind.Organizations, cancellationToken).ConfigureAwait(false);
            }
            var table = await DrupalUsersTable.LoadAsync(drupalPath, cancellationToken).ConfigureAwait(false);
            foreach (var bad in table.BadRows) Output.Warn($"{bad}: row left out");

            var compress = parse.GetValue(gzip);
            await using var recordLog = RecordLog.Open(parse.GetValue(log));
            var rejectsPath = parse.GetValue(rejects);
            var organizationRejectsPath = parse.GetValue(organizationRejects);
            await using var userRejectsFile = rejectsPath is null ? null : FileOptions.Create(rejectsPath, false, ownerOnly: true);
            await using var organizationRejectsFile = organizationRejectsPath is null ? null : FileOptions.Create(organizationRejectsPath, false, ownerOnly: false);
            var usersOutPath = parse.GetValue(output)!;
            var organizationsOutPath = parse.GetValue(organizationsOut)!;
            await using var usersFile = FileOptions.Create(usersOutPath, compress, ownerOnly: true);
            await using var organizationsFile = FileOptions.Create(organizationsOutPath, compress, ownerOnly: false);

            var progress = new ProgressCounter("convert users");
            var migration = new DguUserMigration(table, parse.GetValue(production));
            var summary = await new ProgressRenderer(parse.GetValue(quiet)).RunAsync(progress,
                () => migration.RunAsync(usersPath, organizationsPath, usersFile.Stream, organizationsFile.Stream, recordLog,
                    userRejectsFile?.Stream, organizationRejectsFile?.Stream, progress, cancellationToken)).ConfigureAwait(false);
            await usersFile.CommitAsync(cancellationToken).ConfigureAwait(false);
            await organizationsFile.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (userRejectsFile is not null) await userRejectsFile.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (organizationRejectsFile is not null) await organizationRejectsFile.CommitAsync(cancellationToken).ConfigureAwait(false);

            Counts.EnsureAddUp(summary.Users.AddsUp && summary.Organizations.AddsUp, $"{summary.Users.Describe()}; {summary.Organizations.Describe()}");
            Output.Problems(recordLog, parse.GetValue(log));
            Output.IfEmpty(summary.Users.LinesRead, usersPath, "convert");
            Output.IfEmpty(summary.Organizations.LinesRead, organizationsPath, "convert");
            foreach (var line in summary.Users.DescribeNotes().Concat(summary.Organizations.DescribeNotes())) Output.Summary(line);
            Output.Summary(string.Format(CultureInfo.InvariantCulture,
                "convert users: {0}; {1} Drupal-only users written ({2} Drupal rows, {3} left out as bad) -> {4}",
                summary.Users.Describe(), summary.DrupalOnlyWritten, summary.DrupalRows, summary.DrupalBadRows, usersOutPath));
            Output.Summary($"convert organizations: {summary.Organizations.Describe()} -> {organizationsOutPath}");
            var rejected = summary.Users.Rejected + summary.Organizations.Rejected + summary.DrupalBadRows;
            return rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }
}
