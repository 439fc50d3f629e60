using System.CommandLine;
using System.Globalization;
using CkanMigrate.Cli.Console;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>convert users --profile dgu</c>: users + Drupal table + organizations in one pass (docs/dgu-profile.md).</summary>
public static class ConvertUsersCommand
{
    public static Command Create()
    {
        var profile = ConvertCommand.Profile();
        var input = FileOptions.Input("Legacy users JSON Lines (ckanapi/ckan-migrate dump users)");
        var drupal = new Option<string>("--drupal-users") { Description = "Drupal users table CSV (plain or gzip)", Required = true };
        var organizations = new Option<string>("--organizations") { Description = "Legacy organizations JSON Lines", Required = true };
        var output = FileOptions.Output("Converted users (created 0600: emails and password hashes)");
        var organizationsOut = new Option<string>("--organizations-out") { Description = "Converted organizations", Required = true };
        var production = new Option<bool>("--production") { Description = "Carry the real Drupal password hashes (else unusable random ones)" };
        var gzip = FileOptions.Gzip();
        var log = FileOptions.Log(LogFields.ConvertUsers);
        var rejects = FileOptions.Rejects();
        var organizationRejects = new Option<string?>("--organizations-rejects") { Description = "Write rejected organization lines here, unchanged" };
        var quiet = FileOptions.Quiet();
        var force = FileOptions.Force();
        var command = new Command("users", "Convert legacy users and publishers, merging the Drupal users table (docs/dgu-profile.md)");
        foreach (var option in new Option[] { profile, input, drupal, organizations, output, organizationsOut, production, gzip, log, rejects, organizationRejects, quiet, force })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ConvertCommand.CheckProfile(parse, profile);
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
