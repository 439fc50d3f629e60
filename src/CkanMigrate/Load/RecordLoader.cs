using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;
using CkanMigrate.Ids;
using CkanMigrate.JsonLines;
using CkanMigrate.Preflight;

namespace CkanMigrate.Load;

/// <summary>
/// Decides and carries out what happens to one record: match on the target by id then name,
/// compare, then create, update, leave alone, skip or reject. CKAN's traps are handled here:
/// organizations are patched with their members merged (never an update that drops members),
/// a name held by a deleted record is reactivated, and a create whose first answer was lost
/// in transit is recognised on the retry instead of failing.
/// </summary>
internal sealed class RecordLoader(CkanClient client, CkanSiteInfo site, LoadOptions options, TargetIndex? index, TargetProfile profile, RecordFiles? files = null)
{
    private readonly EntityDescriptor _entity = options.Entity;
    private readonly UnchangedCheck _unchanged = new(client, site, options, index);
    private readonly MemberMerge _members = new(client, site, options);
    private readonly TargetIds _ids = profile.Ids(options.SourceSite);
    private readonly TargetFit _fit = new(profile, options.Entity);
    private readonly KeptTimestamps _timestamps = new(profile, options.Entity.Kind);
    private EntityKind Kind => _entity.Kind;

    public async Task<LoadResult> LoadAsync(LoadInput input, CancellationToken cancellationToken)
    {
        // The record as the target will hold it: ids it refuses replaced by derived ones, so it is matched and written by those.
        var (written, pairs) = input.Record is { } source ? await _ids.RewriteAsync(Kind, source, cancellationToken).ConfigureAwait(false) : (null, []);
        var result = await LoadLineAsync(input with { Record = written }, cancellationToken).ConfigureAwait(false);
        if (pairs.Count > 0 && result.Outcome is LoadOutcome.Created or LoadOutcome.Updated or LoadOutcome.Unchanged or LoadOutcome.Rejected)
        {
            result = result with { IdPairs = pairs, Note = result.Note is null ? DerivedNote(pairs) : $"{result.Note}; {DerivedNote(pairs)}" };
            if (result.Outcome != LoadOutcome.Rejected) options.IdMap?.Add(pairs);
        }
        if (files is not null && input.Record is { } loaded && !options.DryRun && result.Outcome is LoadOutcome.Created or LoadOutcome.Updated or LoadOutcome.Unchanged)
            result = await files.SendAsync(loaded, result, pairs, cancellationToken).ConfigureAwait(false);
        if (result.Outcome is LoadOutcome.Created or LoadOutcome.Updated or LoadOutcome.Unchanged) Interlocked.Exchange(ref _serverErrorStreak, 0);
        if (_entity.IsGroupLike && result.Outcome is LoadOutcome.Created or LoadOutcome.Updated && ComparedApart.Parents.Of(input.Record) is { Count: > 0 } parents)
            result = result with { Parents = parents };
        return input.Note is { } note ? result with { Note = result.Note is null ? note : $"{note}; {result.Note}" } : result;
    }

    private async Task<LoadResult> LoadLineAsync(LoadInput input, CancellationToken cancellationToken)
    {
        var (line, record) = (input.Line, input.Record);
        if (line.IsBlank) return new LoadResult(line, null, null, LoadOutcome.Skipped, Note: "blank line");
        if (record is null)
            return new LoadResult(line, null, null, LoadOutcome.Rejected, $"{line.Where}: {input.ParseError}");
        if (Kind == EntityKind.HarvestSources && !site.HasExtension("harvest"))
            return new LoadResult(line, JsonText.NonEmpty(record["id"]), JsonText.NonEmpty(record["name"]), LoadOutcome.Rejected,
                $"{line.Where}: {TargetFit.NoHarvester}") { Unfit = TargetFit.NoHarvester };
        if (RecordChecks.WrongType(Kind, record!) is { } typeError)
            return new LoadResult(line, JsonText.NonEmpty(record!["id"]), JsonText.NonEmpty(record["name"]), LoadOutcome.Rejected, $"{line.Where}: {typeError}");
        var id = JsonText.NonEmpty(record!["id"]);
        var name = JsonText.NonEmpty(record["name"]);
        if (RecordChecks.Key(record) is null)
            return new LoadResult(line, null, null, LoadOutcome.Rejected, $"{line.Where}: {RecordChecks.NoKey}");

        // A key that is not a sysadmin's writes a dataset only with the groups it may use; the others are not kept.
        IReadOnlyList<string> refusedGroups = [];
        var writable = options.Groups is { } groups ? groups.Within(record, out refusedGroups) : record;
        try
        {
            var result = await LoadRecordAsync(line, writable, id, name, cancellationToken).ConfigureAwait(false);
            return refusedGroups.Count == 0 || result.Outcome is not (LoadOutcome.Created or LoadOutcome.Updated) ? result : result with
            {
                NotKept = [.. refusedGroups.Select(g => $"groups.{g}"), .. result.NotKept],
                Note = $"{(result.Note is null ? "" : result.Note + "; ")}written without the groups the target key may not put datasets in (group_list_authz): {string.Join(", ", refusedGroups)}",
            };
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return new LoadResult(line, id, name, LoadOutcome.Rejected, $"{line.Where}: {Reason(e)}");
        }
        catch (CkanApiException e) when (e.MayBeTheRecord)
        {
            // Retried and still failing: if the site answers otherwise, this record is what breaks
            // it, and it must not block the rest (or every re-run) of the migration. But when record
            // after record fails so, with no success between, the site's writes are what is broken
            // (Solr down, a full disk): stop, as for a site that does not answer.
            var streak = Interlocked.Increment(ref _serverErrorStreak);
            if (streak >= StreakLimit)
                throw new CkanApiException(e.Action, e.Kind, e.HttpStatus, $"{e.Message}; {streak} records in a row failed so, so the site's writes are failing, not one record") { Attempts = e.Attempts };
            if (!await client.SiteAnswersAsync(cancellationToken).ConfigureAwait(false)) throw;
            return new LoadResult(line, id, name, LoadOutcome.Rejected,
                $"{line.Where}: the site answers, but this record's write keeps failing: {e.Describe()}");
        }
    }

    /// <summary>Records in a row whose writes failed with a server error (reset by any success).</summary>
    private int _serverErrorStreak;

    /// <summary>How many such failures in a row mean the site, not the records: more than can be in flight at once.</summary>
    private int StreakLimit => Math.Max(5, options.Parallel + 2);

    private async Task<LoadResult> LoadRecordAsync(InputLine line, JsonObject record, string? id, string? name, CancellationToken ct)
    {
        var existing = index is not null ? index.Find(id, name) : await ShowAsync(id, name, ct).ConfigureAwait(false);
        if ((SkipRules.For(Kind, site.Key, id, name) ?? SkipRules.For(Kind, site.Key, existing?.Id, existing?.Name)) is { } rule)
            return new LoadResult(line, existing?.Id ?? id, name, LoadOutcome.Skipped, Note: rule);
        if (existing is not null && existing.State != "deleted")
        {
            if (options.Mode == LoadMode.CreateOnly)
                return new LoadResult(line, id, name, LoadOutcome.Skipped, Note: "already on the target (create-only)");
            if (await _unchanged.IsUnchangedAsync(record, existing, ct).ConfigureAwait(false))
                return new LoadResult(line, existing.Id, name, LoadOutcome.Unchanged);
            if (options.DryRun && await _fit.WhyNotAsync(record, existing, ct).ConfigureAwait(false) is { } unfit)
                return new LoadResult(line, existing.Id, name, LoadOutcome.Rejected, $"{line.Where}: {unfit}") { Unfit = unfit };
            var notKept = options.DryRun ? [] : await UpdateAsync(record, existing, ct).ConfigureAwait(false);
            return new LoadResult(line, existing.Id, name, LoadOutcome.Updated, Note: _members.Removed(record, existing)) { NotKept = notKept };
        }
        if (existing is not null) // deleted on the target, found through a show call
        {
            var notKept = options.DryRun ? [] : await UpdateAsync(record, existing, ct).ConfigureAwait(false);
            return new LoadResult(line, existing.Id, name, LoadOutcome.Updated, Note: "reactivated a deleted record") { NotKept = notKept };
        }
        if (options.Mode == LoadMode.UpdateOnly)
            return new LoadResult(line, id, name, LoadOutcome.Skipped, Note: "not on the target (update-only)");
        if (options.DryRun && await _fit.WhyNotAsync(record, null, ct).ConfigureAwait(false) is { } refused)
            return new LoadResult(line, id, name, LoadOutcome.Rejected, $"{line.Where}: {refused}") { Unfit = refused };
        if (options.DryRun)
            return new LoadResult(line, id, name, LoadOutcome.Created);
        return await CreateAsync(line, record, id, name, ct).ConfigureAwait(false);
    }

    private async Task<LoadResult> CreateAsync(InputLine line, JsonObject record, string? id, string? name, CancellationToken ct)
    {
        var write = RecordForms.WriteForm(Kind, record, site);
        _timestamps.AddTo(write, record);
        try
        {
            var created = await client.CallAsync(_entity.CreateAction, write, ct).ConfigureAwait(false) as JsonObject;
            _timestamps.Learn(write, created);
            var dropped = JsonText.NonEmpty(created?["state"]);
            created = await StateBackAsync(record, created, ct).ConfigureAwait(false);
            Remember(created);
            var putBack = dropped is not null && dropped != JsonText.NonEmpty(created?["state"]) ? $"state '{JsonText.NonEmpty(created?["state"])}' put back with {_entity.PatchAction} (the create stored '{dropped}')" : null;
            var note = string.Join("; ", new[] { CreateNote(record, write, created), putBack }.OfType<string>());
            return new LoadResult(line, JsonText.NonEmpty(created?["id"]) ?? id, name, LoadOutcome.Created, Note: note.Length > 0 ? note : null)
                { NotKept = NotKept(write, created) };
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && IsConflict(e))
        {
            // Taken: by a deleted record (reactivate it), or by our own create whose answer was lost.
            var holder = await ShowAsync(id, name, ct).ConfigureAwait(false);
            if (holder is null) throw;
            if (holder.State == "deleted")
            {
                var reactivated = await UpdateAsync(record, holder, ct).ConfigureAwait(false);
                return new LoadResult(line, holder.Id, name, LoadOutcome.Updated, Note: "reactivated a deleted record") { NotKept = reactivated };
            }
            if (await _unchanged.IsUnchangedAsync(record, holder, ct).ConfigureAwait(false))
                return new LoadResult(line, holder.Id, name, e.Attempts > 1 ? LoadOutcome.Created : LoadOutcome.Unchanged);
            var notKept = await UpdateAsync(record, holder, ct).ConfigureAwait(false);
            return new LoadResult(line, holder.Id, name, e.Attempts > 1 ? LoadOutcome.Created : LoadOutcome.Updated) { NotKept = notKept };
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && IsMissingOrganization(e))
        {
            // The organization may exist under another id: CKAN also takes its name; or, where the target
            // refused the organization's id, it holds it under the id derived from it.
            foreach (var (candidate, how) in await OwnerCandidatesAsync(record, write, ct).ConfigureAwait(false))
            {
                write["owner_org"] = candidate;
                try
                {
                    var created = await client.CallAsync(_entity.CreateAction, write, ct).ConfigureAwait(false) as JsonObject;
                    _timestamps.Learn(write, created);
                    Remember(created);
                    return new LoadResult(line, JsonText.NonEmpty(created?["id"]) ?? id, name, LoadOutcome.Created, Note: $"owner_org matched {how}")
                        { NotKept = NotKept(write, created) };
                }
                catch (CkanApiException again) when (again.Kind == CkanErrorKind.Validation && IsMissingOrganization(again))
                {
                }
            }
            var owner = JsonText.NonEmpty(record["owner_org"]) ?? "(none)";
            return new LoadResult(line, id, name, LoadOutcome.Rejected,
                $"{line.Where}: organization '{owner}' is not on the target: load organizations first ({Reason(e)})");
        }
    }

    /// <summary>Other ways the target may hold the record's organization: by its name, or under the id derived from a legacy id it refused.</summary>
    private async Task<List<(string Owner, string How)>> OwnerCandidatesAsync(JsonObject record, JsonObject write, CancellationToken ct)
    {
        var sent = JsonText.NonEmpty(write["owner_org"]);
        var candidates = new List<(string, string)>();
        if (record["organization"] is JsonObject org && JsonText.NonEmpty(org["name"]) is { } orgName && orgName != sent) candidates.Add((orgName, $"by name '{orgName}'"));
        if (sent is not null && await _ids.TargetIdAsync(IdKind.Group, sent, ct).ConfigureAwait(false) is var derived && derived != sent)
            candidates.Add((derived, $"by the id derived from '{sent}'"));
        return candidates;
    }

    /// <summary>The ids the target refused and what the record has instead, for its log line.</summary>
    private static string DerivedNote(IReadOnlyList<IdPair> pairs) =>
        "the target refuses ids that are not UUIDs, so these are derived from the source site and id: "
        + string.Join(", ", pairs.Select(p => $"{p.Kind.ToString().ToLowerInvariant()} {p.Source} is {p.Target}"));

    /// <summary>Writes the record over the target's; returns what the target did not keep of it.</summary>
    private async Task<List<string>> UpdateAsync(JsonObject record, TargetRecord existing, CancellationToken ct)
    {
        var write = RecordForms.WriteForm(Kind, record, site);
        _timestamps.AddTo(write, record);
        write["id"] = existing.Id;
        if (existing.State == "deleted") write["state"] = JsonText.NonEmpty(record["state"]) ?? "active";
        JsonObject? result;
        switch (Kind)
        {
            case EntityKind.Organizations or EntityKind.Groups:
                // Never drop members the record does not list (a run's MemberRule aside): merge them, and patch rather than update.
                await _members.MergeAsync(write, existing, ct).ConfigureAwait(false);
                var action = site.Capabilities.Patch ? _entity.PatchAction! : _entity.UpdateAction;
                result = await client.CallAsync(action, write, ct).ConfigureAwait(false) as JsonObject;
                break;
            default:
                result = await client.CallAsync(_entity.UpdateAction, write, ct).ConfigureAwait(false) as JsonObject;
                _timestamps.Learn(write, result);
                break;
        }
        Remember(result);
        return NotKept(write, result);
    }

    /// <summary>What the target did not keep of a write (and what that teaches the comparison, see <see cref="UnkeptMemory"/>).</summary>
    private List<string> NotKept(JsonObject write, JsonObject? answer)
    {
        var lost = UnkeptFields.Between(Kind, write, answer);
        if (answer is not null) options.Unkept?.Learn(write, answer, lost);
        return lost;
    }

    /// <summary>
    /// A create by a key that is not a sysadmin's drops a dataset's "draft" (CKAN's ignore_not_package_admin
    /// lets only a sysadmin set the state on create); an update by anyone who may edit the dataset may
    /// set it, so the state is put back with a patch. Returns the record as the target now has it.
    /// </summary>
    private async Task<JsonObject?> StateBackAsync(JsonObject record, JsonObject? created, CancellationToken ct)
    {
        if (Kind != EntityKind.Datasets || created is null || JsonText.NonEmpty(record["state"]) is not { } wanted || JsonText.NonEmpty(created["state"]) == wanted
            || JsonText.NonEmpty(created["id"]) is not { } targetId || !site.Capabilities.Patch)
            return created;
        try
        {
            return await client.CallAsync(_entity.PatchAction!, new JsonObject { ["id"] = targetId, ["state"] = wanted }, ct).ConfigureAwait(false) as JsonObject ?? created;
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return created; // the note says what was stored
        }
    }

    /// <summary>What the create did not keep as sent: the id (a non-sysadmin key), a draft state made active.</summary>
    private static string? CreateNote(JsonObject record, JsonObject write, JsonObject? created)
    {
        var notes = new List<string>();
        if (JsonText.NonEmpty(record["id"]) is { } sourceId && JsonText.NonEmpty(created?["id"]) is { } targetId && sourceId != targetId)
            notes.Add($"source id {sourceId} is {targetId} on the target{(write["id"] is null ? " (ids on create need a sysadmin key)" : "")}");
        if (JsonText.NonEmpty(record["state"]) is { } state && JsonText.NonEmpty(created?["state"]) is { } kept && state != kept)
            notes.Add($"state '{state}' was stored as '{kept}'");
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    /// <summary>Finds a record by id, then by name, in any state (a sysadmin sees deleted ones).</summary>
    private async Task<TargetRecord?> ShowAsync(string? id, string? name, CancellationToken ct)
    {
        foreach (var key in new[] { id, name })
        {
            if (key is null) continue;
            var parameters = new JsonObject { ["id"] = key };
            if (_entity.IsGroupLike) parameters["include_users"] = true;
            if (Kind == EntityKind.Users && site.Capabilities.PasswordHashes) parameters["include_password_hash"] = false;
            try
            {
                if (await client.CallAsync(_entity.ShowAction, parameters, ct).ConfigureAwait(false) is JsonObject shown)
                {
                    // A name lookup can find a different record that took the name: that is the match (import wins).
                    return TargetIndex.Describe(Kind, shown);
                }
            }
            catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound or CkanErrorKind.NotAuthorized)
            {
            }
        }
        return null;
    }

    private void Remember(JsonObject? written)
    {
        if (written is not null) index?.Put(TargetIndex.Describe(Kind, written));
    }

    private static bool IsConflict(CkanApiException e) => TakenWords.Say(e.FieldErrors?.ToJsonString() ?? "");

    private static bool IsMissingOrganization(CkanApiException e) =>
        e.FieldErrors?["owner_org"]?.ToJsonString().Contains("does not exist", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>CKAN's reason in one line: the field map for validation errors, else the message.</summary>
    private static string Reason(CkanApiException e) =>
        e.FieldErrors is { Count: > 0 } f ? $"{e.Action}: {f.ToJsonString()}" : $"{e.Action}: {e.Message}";}
