using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// Seeding and inspection for tests, as <see cref="FakeCkanStore.SeedDataset"/> and
/// <see cref="FakeCkanStore.GetDataset"/> are for datasets: each takes the store's lock and gives
/// copies. Objects are named by id or name where CKAN accepts either.
/// </summary>
public sealed partial class PortalStore
{
    /// <summary>A resource's views in their order, as resource_view_list shows them (config fields at the top level).</summary>
    public List<JsonObject> ResourceViews(string resourceId)
    {
        lock (_store.Gate)
            return Views.Of(resourceId).Select(ShowView).ToList();
    }

    /// <summary>Adds a view at the end of its resource's list. Fields: resource_id, view_type, title, description, id; any other key is the type's config.</summary>
    public JsonObject SeedResourceView(JsonObject view)
    {
        lock (_store.Gate)
        {
            var resourceId = FakeCkanStore.Str(view, "resource_id") ?? throw new ArgumentException("resource_id is required");
            var config = new JsonObject();
            foreach (var (key, value) in view)
                if (key is not ("id" or "resource_id" or "view_type" or "title" or "description" or "package_id")) config[key] = value?.DeepClone();
            var row = new JsonObject
            {
                ["id"] = FakeCkanStore.Str(view, "id") ?? Guid.NewGuid().ToString(),
                ["resource_id"] = resourceId,
                ["title"] = view["title"]?.DeepClone() ?? "View",
                ["description"] = view["description"]?.DeepClone(),
                ["view_type"] = view["view_type"]?.DeepClone() ?? throw new ArgumentException("view_type is required"),
                ["order"] = Views.NextOrder(resourceId),
                ["config"] = config,
            };
            Views.Add(row);
            return ShowView(row);
        }
    }

    private JsonObject ShowView(JsonObject row)
    {
        var view = new JsonObject();
        foreach (var column in Actions.ViewPlugins.Columns) view[column] = row[column]?.DeepClone();
        foreach (var (key, value) in row["config"] as JsonObject ?? []) view[key] = value?.DeepClone();
        view["package_id"] = _store.ResourceOwner(FakeCkanStore.Str(row, "resource_id") ?? "")?["id"]?.DeepClone();
        return view;
    }

    /// <summary>Every vocabulary as vocabulary_list shows it.</summary>
    public List<JsonObject> VocabularyList()
    {
        lock (_store.Gate) return Vocabularies.Select(Actions.VocabularyActions.Render).ToList();
    }

    public JsonObject SeedVocabulary(string name, params string[] tags)
    {
        lock (_store.Gate)
        {
            var vocabulary = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = name, ["tags"] = new JsonArray() };
            foreach (var tag in tags) Actions.VocabularyTags.Join(vocabulary, tag);
            Vocabularies.Add(vocabulary);
            return Actions.VocabularyActions.Render(vocabulary);
        }
    }

    /// <summary>A dataset's collaborators: {package_id, user_id, capacity, modified}.</summary>
    public List<JsonObject> DatasetCollaborators(string datasetIdOrName)
    {
        lock (_store.Gate)
        {
            var id = FakeCkanStore.Str(_store.FindDataset(datasetIdOrName), "id");
            return Collaborators.Where(c => FakeCkanStore.Str(c, "package_id") == id).Select(c => (JsonObject)c.DeepClone()).ToList();
        }
    }

    public void SeedCollaborator(string datasetIdOrName, string userIdOrName, string capacity)
    {
        lock (_store.Gate)
        {
            var dataset = _store.FindDataset(datasetIdOrName) ?? throw new KeyNotFoundException(datasetIdOrName);
            var user = _store.FindUser(userIdOrName) ?? throw new KeyNotFoundException(userIdOrName);
            Collaborators.RemoveAll(c => FakeCkanStore.Str(c, "package_id") == FakeCkanStore.Str(dataset, "id") && FakeCkanStore.Str(c, "user_id") == FakeCkanStore.Str(user, "id"));
            Collaborators.Add(new JsonObject { ["package_id"] = dataset["id"]!.DeepClone(), ["user_id"] = user["id"]!.DeepClone(), ["capacity"] = capacity, ["modified"] = _store.Now() });
        }
    }

    /// <summary>A setting changed at runtime (config_option_update), or null while it is the ini's.</summary>
    public string? SiteSetting(string key)
    {
        lock (_store.Gate) return Settings.GetValueOrDefault(key);
    }

    public void SetSiteSetting(string key, string? value)
    {
        lock (_store.Gate) Settings[key] = value;
    }

    /// <summary>Adds a showcase (a dataset of type showcase, no organization); image_url is kept as the extension keeps it, in the extras.</summary>
    public JsonObject SeedShowcase(JsonObject showcase)
    {
        var d = (JsonObject)showcase.DeepClone();
        d["type"] = "showcase";
        d["owner_org"] = null;
        var extras = d["extras"] as JsonArray ?? [];
        if (d["image_url"] is { } image)
        {
            extras.Add(new JsonObject { ["key"] = "image_url", ["value"] = image.ToString() });
            d.Remove("image_url");
        }
        d["extras"] = extras;
        return _store.SeedDataset(d);
    }

    public void SeedShowcaseDataset(string showcaseIdOrName, string datasetIdOrName)
    {
        lock (_store.Gate)
        {
            var showcase = FakeCkanStore.Str(_store.FindDataset(showcaseIdOrName), "id") ?? throw new KeyNotFoundException(showcaseIdOrName);
            var dataset = FakeCkanStore.Str(_store.FindDataset(datasetIdOrName), "id") ?? throw new KeyNotFoundException(datasetIdOrName);
            if (!ShowcaseDatasets.Contains((showcase, dataset))) ShowcaseDatasets.Add((showcase, dataset));
        }
    }

    /// <summary>The ids of a showcase's datasets, in the order they were linked.</summary>
    public List<string> ShowcaseDatasetIds(string showcaseIdOrName)
    {
        lock (_store.Gate)
        {
            var showcase = FakeCkanStore.Str(_store.FindDataset(showcaseIdOrName), "id");
            return ShowcaseDatasets.Where(l => l.ShowcaseId == showcase).Select(l => l.PackageId).ToList();
        }
    }

    public void SeedShowcaseAdmin(string userIdOrName)
    {
        lock (_store.Gate)
        {
            var id = FakeCkanStore.Str(_store.FindUser(userIdOrName), "id") ?? throw new KeyNotFoundException(userIdOrName);
            if (!ShowcaseAdmins.Contains(id)) ShowcaseAdmins.Add(id);
        }
    }

    public List<string> ShowcaseAdminIds()
    {
        lock (_store.Gate) return [.. ShowcaseAdmins];
    }

    /// <summary>Every page (site and group pages) as ckanext_pages_show shows it.</summary>
    public List<JsonObject> PageRows()
    {
        lock (_store.Gate) return Pages.Select(Actions.PagesActions.Shown).ToList();
    }

    /// <summary>Adds a page. Fields: name, title, content, page_type (page), private (false), order (""), publish_date, group_id, user_id.</summary>
    public JsonObject SeedPage(JsonObject page)
    {
        lock (_store.Gate)
        {
            var now = _store.Now();
            var row = new JsonObject
            {
                ["id"] = FakeCkanStore.Str(page, "id") ?? Guid.NewGuid().ToString(),
                ["title"] = page["title"]?.DeepClone() ?? "",
                ["name"] = page["name"]?.DeepClone() ?? throw new ArgumentException("name is required"),
                ["content"] = page["content"]?.DeepClone() ?? "",
                ["lang"] = "",
                ["order"] = page["order"]?.DeepClone() ?? "",
                ["private"] = page["private"]?.DeepClone() ?? false,
                ["group_id"] = page["group_id"]?.DeepClone(),
                ["user_id"] = page["user_id"]?.DeepClone(),
                ["publish_date"] = page["publish_date"]?.DeepClone(),
                ["page_type"] = page["page_type"]?.DeepClone() ?? "page",
                ["created"] = page["created"]?.DeepClone() ?? now,
                ["modified"] = page["modified"]?.DeepClone() ?? now,
                ["extras"] = "{}",
                ["revisions"] = new JsonObject(),
            };
            Pages.Add(row);
            return Actions.PagesActions.Shown(row);
        }
    }

    /// <summary>Puts a file where an upload would have stored it (folder admin, showcase or page_images), served from /uploads/FOLDER/NAME.</summary>
    public void SeedUploadedFile(string folder, string name, byte[] data)
    {
        lock (_store.Gate) Files[(folder, name)] = data;
    }

    /// <summary>The files uploaded into a folder (admin, showcase, page_images), by stored name.</summary>
    public Dictionary<string, byte[]> UploadedFiles(string folder)
    {
        lock (_store.Gate) return Files.Where(f => f.Key.Folder == folder).ToDictionary(f => f.Key.Name, f => f.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Follower rows: {kind (dataset, user or group), follower_id, object_id, datetime}.</summary>
    public List<JsonObject> FollowerRows()
    {
        lock (_store.Gate) return Followers.Select(f => (JsonObject)f.DeepClone()).ToList();
    }

    /// <summary>Makes a user follow a dataset, user or group/organization (kind: dataset, user, group).</summary>
    public void SeedFollower(string kind, string userIdOrName, string objectIdOrName)
    {
        lock (_store.Gate)
        {
            var user = FakeCkanStore.Str(_store.FindUser(userIdOrName), "id") ?? throw new KeyNotFoundException(userIdOrName);
            var target = kind switch
            {
                "dataset" => _store.FindDataset(objectIdOrName),
                "user" => _store.FindUser(objectIdOrName),
                "group" => _store.FindGroupAnyType(objectIdOrName),
                _ => throw new ArgumentException($"unknown kind {kind}"),
            };
            var id = FakeCkanStore.Str(target, "id") ?? throw new KeyNotFoundException(objectIdOrName);
            Followers.Add(new JsonObject { ["kind"] = kind, ["follower_id"] = user, ["object_id"] = id, ["datetime"] = _store.Now() });
        }
    }

    /// <summary>A user's API tokens as api_token_list shows them (the tokens themselves are not given).</summary>
    public List<JsonObject> TokenRows(string userIdOrName)
    {
        lock (_store.Gate)
        {
            var id = FakeCkanStore.Str(_store.FindUser(userIdOrName), "id");
            return ApiTokens.Where(t => FakeCkanStore.Str(t, "user_id") == id).Select(t =>
            {
                var row = (JsonObject)t.DeepClone();
                row.Remove("token");
                return row;
            }).ToList();
        }
    }

    /// <summary>Every API token api_token_create gave, revoked ones included: what a client must never print, log or write.</summary>
    public List<string> IssuedTokens()
    {
        lock (_store.Gate) return [.. Issued];
    }

    /// <summary>Stored activities, oldest first, optionally of one object (dataset, user, group id); a package activity's data.package is the dataset as stored then.</summary>
    public List<JsonObject> ActivityRows(string? objectId = null)
    {
        lock (_store.Gate)
            return (objectId is null ? Activities.All : Activities.Of(objectId)).Select(a =>
            {
                var row = (JsonObject)a.DeepClone();
                if (Activities.Package(FakeCkanStore.Str(a, "id")) is { } package) ((JsonObject)row["data"]!)["package"] = package.DeepClone();
                return row;
            }).ToList();
    }

    /// <summary>Adds an activity as if it had happened (id and timestamp may be given, unlike through activity_create).</summary>
    public JsonObject SeedActivity(JsonObject activity)
    {
        lock (_store.Gate)
        {
            var row = (JsonObject)activity.DeepClone();
            row["id"] ??= Guid.NewGuid().ToString();
            row["timestamp"] ??= _store.Now();
            row["data"] ??= new JsonObject();
            row["permission_labels"] ??= null;
            Activities.Add(row);
            return (JsonObject)row.DeepClone();
        }
    }
}
