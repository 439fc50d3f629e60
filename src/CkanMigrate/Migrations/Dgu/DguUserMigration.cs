using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;
using CkanMigrate.Comparison;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// Users and publishers in one pass (spec/dgu-migration.md §5): the Drupal table merged into the CKAN
/// users, only organization members kept, Drupal-only members added, member names remapped and the
/// publisher contact/FOI extras promoted. Streams every file; only the Drupal table, the member names
/// and the name map are held whole. Bugs U1–U3 are fixed on purpose (docs/dgu-profile.md).
/// </summary>
public sealed class DguUserMigration(DrupalUsersTable drupal, bool production, Func<string>? randomHash = null)
{
    public const string MigratedCkanDrupalUser = "Migrated CKAN-Drupal user";
    public const string MigratedPureCkanUser = "Migrated pure CKAN user";
    public const string NotInOrganisation = "CKAN user not found in organisation";
    public const string MigratedPureDrupalUser = "Migrated pure Drupal user";
    public const string NoDrupalEquivalent = "Cannot find drupal equivalent to ckan user";
    public const string NoMapping = "No mapping found for organisation user";
    public const string KeptCkanHash = "Kept the CKAN password hash of a pure CKAN user (production)";

    private readonly Func<string> _randomHash = randomHash ?? RandomPasswordHash.Next;
    private readonly Dictionary<string, string> _nameMap = new(StringComparer.Ordinal);
    private readonly HashSet<string> _writtenDrupalIds = new(StringComparer.Ordinal);

    public async Task<DguUserMigrationSummary> RunAsync(string usersPath, string organizationsPath, Stream usersOut, Stream organizationsOut,
        RecordLog log, Stream? userRejects, Stream? organizationRejects, ProgressCounter progress, CancellationToken cancellationToken = default)
    {
        var summary = new DguUserMigrationSummary { DrupalRows = drupal.RowsRead, DrupalBadRows = drupal.BadRows.Count };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var members = await MemberNamesAsync(organizationsPath, cancellationToken).ConfigureAwait(false);
        await using var writer = new Utf8JsonWriter(usersOut, JsonLineFormat.Options);

        // Step C: the CKAN users, in file order.
        await foreach (var line in JsonLinesReader.ReadAsync(usersPath, cancellationToken).ConfigureAwait(false))
        {
            var result = line.IsBlank ? ConversionResult.Skipped("blank line")
                : line.TryParseObject(out var user, out var error) ? MigrateUser(user!, members)
                : ConversionResult.Rejected(error!);
            Account(summary.Users, line, result, writer, usersOut, userRejects, log, "users");
            progress.Advance(failed: result.Outcome == ConversionOutcome.Rejected);
        }

        // Step D: Drupal users no CKAN user stood for, in the original's string order of uid.
        foreach (var uid in drupal.ByUid.Keys.Where(u => !_writtenDrupalIds.Contains(u)).Order(StringComparer.Ordinal))
        {
            var d = drupal.ByUid[uid];
            _nameMap[d.Name] = d.Mail; // may overwrite a CKAN user's entry of the same name (U6, kept)
            if (!members.Contains(d.Name))
            {
                summary.DrupalOnlyNotMembers++;
                continue;
            }
            JsonLineFormat.WriteLineInOrder(writer, usersOut, DrupalOnlyUser(d));
            summary.DrupalOnlyWritten++;
            summary.Users.Note(MigratedPureDrupalUser);
            if (log.Enabled) log.Write(new JsonObject { ["file"] = "drupal", ["uid"] = uid, ["outcome"] = "converted", ["notes"] = new JsonArray($"{MigratedPureDrupalUser}: {uid}") });
        }

        // Step E: the organizations, second pass, in file order.
        await using var orgWriter = new Utf8JsonWriter(organizationsOut, JsonLineFormat.Options);
        await foreach (var line in JsonLinesReader.ReadAsync(organizationsPath, cancellationToken).ConfigureAwait(false))
        {
            var result = line.IsBlank ? ConversionResult.Skipped("blank line")
                : line.TryParseObject(out var org, out var error) ? MigrateOrganization(org!)
                : ConversionResult.Rejected(error!);
            Account(summary.Organizations, line, result, orgWriter, organizationsOut, organizationRejects, log, "organizations");
        }
        summary.Users.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>Step B: every users[].name of every organization, whatever the capacity.</summary>
    private static async Task<HashSet<string>> MemberNamesAsync(string organizationsPath, CancellationToken cancellationToken)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var line in JsonLinesReader.ReadAsync(organizationsPath, cancellationToken).ConfigureAwait(false))
        {
            if (line.IsBlank || !line.TryParseObject(out var org, out _)) continue; // reported in step E
            foreach (var u in (org!["users"] as JsonArray ?? []).OfType<JsonObject>())
                if (JsonText.String(u["name"]) is { } name) members.Add(name);
        }
        return members;
    }

    public ConversionResult MigrateUser(JsonObject user, IReadOnlySet<string> members)
    {
        if (JsonText.String(user["name"]) is not { Length: > 0 } name) return ConversionResult.Rejected("the user has no name");
        var notes = new List<(string, string)>();
        string? drupalId = null;
        if (name.StartsWith("user_d", StringComparison.Ordinal))
        {
            drupalId = name.Replace("user_d", "", StringComparison.Ordinal); // every occurrence (U10, kept)
            if (user["activity"] is JsonArray activity)
                foreach (var item in activity.OfType<JsonObject>()) item["author"] = name; // U4, kept
            if (drupal.ByUid.TryGetValue(drupalId, out var row))
                user["password_hash"] = production ? row.Pass : _randomHash();
            else
                notes.Add((NoDrupalEquivalent, drupalId)); // the dump's hash stays (U8, kept)
        }
        else if (!production)
        {
            user["password_hash"] = _randomHash();
        }
        else if (JsonText.String(user["password_hash"]) is not { Length: > 0 })
        {
            // U2 fixed: the original crashed here. A pure CKAN user keeps the CKAN hash it has;
            // one without any gets an unusable hash and must reset the password.
            user["password_hash"] = _randomHash();
        }
        else
        {
            notes.Add((KeptCkanHash, name));
        }
        _nameMap[name] = name;

        if (!members.Contains(name))
            return ConversionResult.Skipped("not a member of any organization", [.. notes, (NotInOrganisation, name)]);
        if (drupalId is not null)
        {
            _writtenDrupalIds.Add(drupalId);
            notes.Add((MigratedCkanDrupalUser, drupalId));
        }
        else
        {
            notes.Add((MigratedPureCkanUser, name));
        }
        return new ConversionResult(ConversionOutcome.Converted, user, null, notes);
    }

    private JsonObject DrupalOnlyUser(DrupalUser d) => new()
    {
        ["name"] = d.Mail,
        ["fullname"] = d.Name,
        ["email"] = d.Mail,
        ["password_hash"] = production ? d.Pass : _randomHash(),
        ["sysadmin"] = false,
        ["about"] = $"User account {d.Uid} imported from Drupal system",
        // In the local time zone of the machine, as the original did (U7, kept; CKAN ignores it anyway).
        ["created"] = DateTimeOffset.FromUnixTimeSeconds(d.Created).ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        ["activity_streams_email_notifications"] = false,
        ["state"] = "active",
    };

    public ConversionResult MigrateOrganization(JsonObject org)
    {
        var notes = new List<(string, string)>();
        // U3 fixed: an organization without users or extras is converted, not a crash.
        if (org["users"] is JsonArray users)
            foreach (var u in users.OfType<JsonObject>())
            {
                if (JsonText.String(u["name"]) is not { } name) continue;
                if (_nameMap.TryGetValue(name, out var mapped)) u["name"] = mapped;
                else notes.Add((NoMapping, name));
            }
        else if (org["users"] is not null)
            return ConversionResult.Rejected("'users' must be a list of {name, capacity} objects");

        if (org["extras"] is JsonArray extras)
            foreach (var key in DguTables.PublisherContactKeys)
            {
                // Removing while scanning skips the element after each removal, as the original did (U5, kept).
                for (var i = 0; i < extras.Count; i++)
                {
                    if (extras[i] is not JsonObject e || JsonText.String(e["key"]) != key) continue;
                    org[key] = e["value"]?.DeepClone();
                    extras.RemoveAt(i);
                }
            }
        else if (org["extras"] is not null)
            return ConversionResult.Rejected("'extras' must be a list of {key, value} objects");
        return new ConversionResult(ConversionOutcome.Converted, org, null, notes);
    }

    private static void Account(ConvertSummary summary, InputLine line, ConversionResult result, Utf8JsonWriter writer, Stream output,
        Stream? rejects, RecordLog log, string file)
    {
        summary.Account(line, result, writer, output, rejects);
        if (!log.Wants(Reporting.OutcomeWords.Of(result.Outcome))) return;
        var entry = new JsonObject { ["file"] = file, ["line"] = line.Number, ["outcome"] = Reporting.OutcomeWords.Of(result.Outcome) };
        if (result.Reason is not null) entry["reason"] = result.Outcome == ConversionOutcome.Rejected ? $"{line.Where}: {result.Reason}" : result.Reason;
        if (result.Notes.Count > 0) entry["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode)$"{n.Category}: {n.Value}").ToArray());
        log.Write(entry);
    }}
