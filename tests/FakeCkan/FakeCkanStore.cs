using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// The in-memory database of a FakeCkan: datasets, organizations and groups, users, harvest sources
/// and API tokens. Every read and write takes <see cref="Gate"/>; the fake serves tests, not load.
/// </summary>
public sealed partial class FakeCkanStore
{
    internal readonly Lock Gate = new();
    internal readonly Dictionary<string, JsonObject> Datasets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _datasetNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _resourceOwners = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, JsonObject> Groups = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, JsonObject> Users = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, string> Tokens = new(StringComparer.Ordinal);
    internal readonly List<JsonObject> LegacyHarvestSources = [];
    internal readonly DatasetCounts Counts = new();
    private long _clockTicks = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>A strictly increasing server clock, so metadata_modified orders writes even within a microsecond.</summary>
    internal string Now()
    {
        var real = DateTime.UtcNow.Ticks;
        long next;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _clockTicks);
            next = Math.Max(real, seen + 10); // at least 1 µs later than the last stamp
        } while (Interlocked.CompareExchange(ref _clockTicks, next, seen) != seen);
        return FormatTimestamp(new DateTime(next, DateTimeKind.Utc));
    }

    /// <summary>CKAN's isoformat(): microseconds, but none at all when they are zero.</summary>
    internal static string FormatTimestamp(DateTime value) =>
        value.Ticks % TimeSpan.TicksPerSecond / 10 == 0
            ? value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>datastore_search pages asked by keyset (2.12: a next_page filter on _id sent back), for tests that check a reader uses it.</summary>
    public int KeysetPages { get; internal set; }

    public int DatasetCount
    {
        get { lock (Gate) return Datasets.Count; }
    }

    // ---- lookups (callers hold Gate) ----

    internal JsonObject? FindDataset(string idOrName)
    {
        if (Datasets.TryGetValue(idOrName, out var byId)) return byId;
        return _datasetNames.TryGetValue(idOrName, out var id) && Datasets.TryGetValue(id, out var byName) && Str(byName, "name") == idOrName
            ? byName
            : null;
    }

    /// <summary>Stores a dataset row and keeps the name index in step (callers hold Gate).</summary>
    internal void PutDataset(JsonObject d)
    {
        var id = Str(d, "id")!;
        if (Datasets.TryGetValue(id, out var old))
        {
            if (Str(old, "name") is { } oldName && _datasetNames.GetValueOrDefault(oldName) == id) _datasetNames.Remove(oldName);
            foreach (var r in ResourceIds(old))
                if (_resourceOwners.GetValueOrDefault(r) == id) _resourceOwners.Remove(r);
        }
        Datasets[id] = d;
        if (Str(d, "name") is { } name) _datasetNames[name] = id;
        foreach (var r in ResourceIds(d)) _resourceOwners[r] = id;
        Reindex(id);
    }

    // ---- uploaded files: CKAN's storage folder, by resource id ----

    internal readonly Dictionary<string, byte[]> ResourceFiles = new(StringComparer.Ordinal);

    /// <summary>DataStore tables by resource id (ckanext-datastore's own database).</summary>
    internal readonly Dictionary<string, DataStoreTable> Tables = new(StringComparer.Ordinal);

    /// <summary>A copy of a DataStore table's rows (with _id), or null when the resource has none.</summary>
    public List<JsonObject>? TableRows(string resourceId)
    {
        lock (Gate) return Tables.TryGetValue(resourceId, out var t) ? t.Rows.Select(r => (JsonObject)r.DeepClone()).ToList() : null;
    }

    /// <summary>A table's definition as datastore_create was given it (types as stored), or null.</summary>
    public (List<JsonObject> Fields, List<string> PrimaryKey, List<string> Indexes)? TableDefinition(string resourceId)
    {
        lock (Gate)
            return Tables.TryGetValue(resourceId, out var t) ? (t.Fields.Select(f => (JsonObject)f.DeepClone()).ToList(), t.PrimaryKey.ToList(), t.Indexes.ToList()) : null;
    }

    /// <summary>Changes a table behind the API's back, as another user's writes would (under the store's lock).</summary>
    public void EditTable(string resourceId, Action<DataStoreTable> edit)
    {
        lock (Gate)
        {
            var table = Tables[resourceId];
            edit(table);
            table.KeyIndex = null;
        }
    }

    /// <summary>Organization and group images by stored name, served from /uploads/group/ (the two share the folder).</summary>
    internal readonly Dictionary<string, byte[]> GroupImages = new(StringComparer.Ordinal);

    /// <summary>Puts an uploaded image behind an organization or group (as an upload on the site would).</summary>
    public void SeedGroupImage(string idOrName, string storedName, byte[] data)
    {
        lock (Gate)
        {
            (FindGroupAnyType(idOrName) ?? throw new KeyNotFoundException(idOrName))["image_url"] = storedName;
            GroupImages[storedName] = data;
        }
    }

    /// <summary>The image an organization or group shows, if it is an upload stored here.</summary>
    public byte[]? GetGroupImage(string idOrName)
    {
        lock (Gate)
            return FindGroupAnyType(idOrName) is { } g && Str(g, "image_url") is { } name ? GroupImages.GetValueOrDefault(name) : null;
    }

    /// <summary>The bytes stored for an uploaded resource, for assertions.</summary>
    public byte[]? GetResourceFile(string resourceId)
    {
        lock (Gate) return ResourceFiles.GetValueOrDefault(resourceId);
    }

    /// <summary>Puts a file behind an uploaded resource of a stored dataset (as a user's upload on the site would).</summary>
    public void SeedResourceFile(string resourceId, byte[] data)
    {
        lock (Gate)
        {
            var owner = ResourceOwner(resourceId) ?? throw new KeyNotFoundException(resourceId);
            var resource = (owner["resources"] as JsonArray ?? []).OfType<JsonObject>().First(r => Str(r, "id") == resourceId);
            // What CKAN sets on an upload: the type, the size, the mimetype from the name, the upload time.
            resource["url_type"] = "upload";
            resource["size"] = data.Length;
            if (Str(resource, "mimetype") is null && Actions.Uploads.Mimetype(Str(resource, "url") ?? "") is { } mimetype) resource["mimetype"] = mimetype;
            resource["last_modified"] ??= Now();
            ResourceFiles[resourceId] = data;
            Reindex(Str(owner, "id")!);
        }
    }

    // ---- the search index: copies of the rows as they were when last indexed, as Solr holds them ----

    private readonly Dictionary<string, JsonObject> _index = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notYetIndexed = new(StringComparer.Ordinal);
    private bool _indexPaused;

    /// <summary>What package_search sees: each dataset as it was when last indexed; deleted ones are dropped (callers hold Gate).</summary>
    internal IEnumerable<JsonObject> IndexedDatasets => _index.Values;

    private List<JsonObject>? _indexById;

    /// <summary>The same, in id order, kept until the index changes: Solr answers a sort on id from its own order, not by sorting every match per page.</summary>
    internal IReadOnlyList<JsonObject> IndexedById => _indexById ??= _index.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();

    /// <summary>Every write that changes a dataset calls this, as CKAN's package update hooks do (callers hold Gate).</summary>
    internal void Reindex(string id)
    {
        Counts.Invalidate();
        _indexById = null;
        if (_indexPaused)
        {
            _notYetIndexed.Add(id);
            return;
        }
        // ckan.search.remove_deleted_packages (default true): a deleted dataset leaves the index.
        if (Datasets.TryGetValue(id, out var d) && Str(d, "state") != "deleted") _index[id] = (JsonObject)d.DeepClone();
        else _index.Remove(id);
    }

    /// <summary>
    /// From now on writes reach the database but not the index, as when Solr is slow or a reindex is
    /// behind: package_search keeps answering with the old copies (and misses new datasets) until
    /// <see cref="ResumeIndexing"/>.
    /// </summary>
    public void PauseIndexing()
    {
        lock (Gate) _indexPaused = true;
    }

    public void ResumeIndexing()
    {
        lock (Gate)
        {
            _indexPaused = false;
            foreach (var id in _notYetIndexed) Reindex(id);
            _notYetIndexed.Clear();
        }
    }

    /// <summary>The dataset that holds a resource id, if any (callers hold Gate).</summary>
    internal JsonObject? ResourceOwner(string resourceId) =>
        _resourceOwners.TryGetValue(resourceId, out var id) ? Datasets.GetValueOrDefault(id) : null;

    private static IEnumerable<string> ResourceIds(JsonObject d) =>
        (d["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => Str(r, "id")).OfType<string>();

    internal JsonObject? FindGroup(string idOrName, bool organization) =>
        Groups.TryGetValue(idOrName, out var g) && IsOrg(g) == organization
            ? g
            : Groups.Values.FirstOrDefault(x => Str(x, "name") == idOrName && IsOrg(x) == organization);

    internal JsonObject? FindGroupAnyType(string idOrName) =>
        Groups.TryGetValue(idOrName, out var g) ? g : Groups.Values.FirstOrDefault(x => Str(x, "name") == idOrName);

    internal JsonObject? FindUser(string idOrName) =>
        Users.TryGetValue(idOrName, out var u) ? u : Users.Values.FirstOrDefault(x => Str(x, "name") == idOrName);

    internal static bool IsOrg(JsonObject group) => group["is_organization"]?.GetValue<bool>() == true;

    internal static string? Str(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // ---- seeding (public: tests put data in before the tool runs) ----

    /// <summary>Adds a user as if created on the site. Fields: name (required), id, email, fullname, sysadmin, state, password_hash, about.</summary>
    public JsonObject SeedUser(JsonObject user, string? token = null)
    {
        lock (Gate)
        {
            var u = (JsonObject)user.DeepClone();
            u["id"] ??= Guid.NewGuid().ToString();
            u["state"] ??= "active";
            u["sysadmin"] ??= false;
            u["created"] ??= Now();
            u["fullname"] ??= null;
            u["about"] ??= null;
            u["email"] ??= null;
            if (token is not null) u["apikey"] ??= token; // before 2.10 the key is the user's legacy API key
            Users[Str(u, "id")!] = u;
            if (token is not null) Tokens[token] = Str(u, "id")!;
            return u;
        }
    }

    /// <summary>
    /// Adds an organization (or a group, with <c>is_organization: false</c>) from an organization_show
    /// style dict; <c>users</c> entries with name/id and capacity become members.
    /// </summary>
    public JsonObject SeedGroup(JsonObject group, bool organization)
    {
        Counts.Invalidate();
        lock (Gate)
        {
            var g = new JsonObject();
            foreach (var key in new[] { "id", "name", "title", "description", "image_url", "created", "approval_status", "state" })
                if (group[key] is { } value) g[key] = value.DeepClone();
            g["id"] ??= Guid.NewGuid().ToString();
            g["title"] ??= "";
            g["description"] ??= "";
            g["image_url"] ??= "";
            g["created"] ??= Now();
            g["approval_status"] ??= "approved";
            g["state"] ??= "active";
            g["is_organization"] = organization;
            g["type"] = organization ? "organization" : Str(group, "type") ?? "group";
            g["extras"] = new JsonArray((group["extras"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() })
                .ToArray());
            var members = new JsonArray();
            foreach (var m in (group["users"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var user = FindUser(Str(m, "id") ?? Str(m, "name") ?? "");
                if (user is null) continue;
                members.Add(new JsonObject { ["user_id"] = Str(user, "id"), ["capacity"] = Str(m, "capacity") ?? "member" });
            }
            g["members"] = members;
            Groups[Str(g, "id")!] = g;
            return g;
        }
    }

    /// <summary>Adds a dataset as package_show would return it. Missing server fields are filled in.</summary>
    public JsonObject SeedDataset(JsonObject dataset)
    {
        lock (Gate)
        {
            var d = (JsonObject)dataset.DeepClone();
            d["id"] ??= Guid.NewGuid().ToString();
            d["type"] ??= "dataset";
            d["state"] ??= "active";
            d["private"] ??= false;
            var now = Now();
            d["metadata_created"] ??= now;
            d["metadata_modified"] ??= now;
            foreach (var list in new[] { "resources", "tags", "extras", "groups", "relationships_as_subject", "relationships_as_object" })
                d[list] ??= new JsonArray();
            foreach (var column in new[] { "title", "notes", "url", "version", "author", "author_email", "maintainer", "maintainer_email", "license_id", "license_title", "creator_user_id", "owner_org" })
                if (!d.ContainsKey(column)) d[column] = column == "title" ? d["name"]?.DeepClone() : null;
            d["isopen"] ??= false;
            d.Remove("organization");
            PutDataset(d);
            return d;
        }
    }

    /// <summary>Loads a JSON Lines file of one kind (users, organizations, groups, datasets) into the store.</summary>
    public int SeedJsonLines(string kind, string path)
    {
        var count = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var record = JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"{path}: not an object");
            _ = kind switch
            {
                "users" => SeedUser(record),
                "organizations" => SeedGroup(record, organization: true),
                "groups" => SeedGroup(record, organization: false),
                "datasets" => SeedDataset(record),
                _ => throw new ArgumentException($"unknown kind {kind}"),
            };
            count++;
        }
        return count;
    }

    /// <summary>
    /// Adds a row of the legacy (DGU fork) harvest_source table, as harvest_source_list returns it:
    /// publisher_title always, publisher_name and is_organization only when publisher_id resolves.
    /// </summary>
    public JsonObject SeedLegacyHarvestSource(JsonObject source)
    {
        lock (Gate)
        {
            var s = (JsonObject)source.DeepClone();
            s["id"] ??= Guid.NewGuid().ToString();
            s["created"] ??= Now();
            s["active"] ??= true;
            s["config"] ??= "";
            s["publisher_title"] ??= "";
            if (Str(s, "publisher_id") is { } publisher && FindGroupAnyType(publisher) is { } group)
            {
                s["publisher_name"] = group["name"]?.DeepClone();
                s["publisher_title"] = group["title"]?.DeepClone();
                s["is_organization"] = group["is_organization"]?.DeepClone();
            }
            LegacyHarvestSources.Add(s);
            return s;
        }
    }

    /// <summary>A copy of a stored dataset for assertions.</summary>
    public JsonObject? GetDataset(string idOrName)
    {
        lock (Gate) return FindDataset(idOrName)?.DeepClone() as JsonObject;
    }

    public JsonObject? GetUser(string idOrName)
    {
        lock (Gate) return FindUser(idOrName)?.DeepClone() as JsonObject;
    }

    public JsonObject? GetGroup(string idOrName)
    {
        lock (Gate) return FindGroupAnyType(idOrName)?.DeepClone() as JsonObject;
    }

    /// <summary>Applies a change to a stored organization or group, as an edit on the site would.</summary>
    public void EditGroup(string idOrName, Action<JsonObject> change)
    {
        Counts.Invalidate();
        lock (Gate) change(FindGroupAnyType(idOrName) ?? throw new KeyNotFoundException(idOrName));
    }

    /// <summary>Applies a change to a stored dataset as if someone edited it on the site (bumps metadata_modified).</summary>
    public void EditDataset(string idOrName, Action<JsonObject> change)
    {
        lock (Gate)
        {
            var d = FindDataset(idOrName) ?? throw new KeyNotFoundException(idOrName);
            change(d);
            d["metadata_modified"] = Now();
            Reindex(Str(d, "id")!);
        }
    }

    /// <summary>Deletes a dataset as a user on the site would (package_delete: state deleted, gone from the index).</summary>
    public void DeleteDataset(string idOrName)
    {
        lock (Gate)
        {
            var d = FindDataset(idOrName) ?? throw new KeyNotFoundException(idOrName);
            d["state"] = "deleted";
            d["metadata_modified"] = Now();
            Reindex(Str(d, "id")!);
        }
    }
}
