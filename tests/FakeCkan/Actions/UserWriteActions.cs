using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>user_create / user_update / user_patch (2.10+) / user_delete with CKAN's user rules.</summary>
internal static class UserWriteActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["user_create"] = new(Create, false);
        actions["user_update"] = new(ctx => Update(ctx, ctx.Params), false);
        actions["user_patch"] = new(Patch, false, new Version(2, 10));
        actions["user_delete"] = new(Delete, false);
    }

    private static readonly string[] Editable = ["name", "fullname", "email", "about", "image_url"];

    private static JsonNode Create(ActionContext ctx)
    {
        // ckan.auth.create_user_via_api is false by default: only sysadmins create users through the API.
        if (!ctx.IsSysadmin) throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to create users via the API");
        var input = ctx.Params;
        var errors = new Validation.Errors();
        var name = FakeCkanStore.Str(input, "name");
        if (ctx.Options.DataGovUkPlugin) { if (string.IsNullOrEmpty(name)) errors.Add("name", "Missing value"); }
        else Validation.Name(errors, name);
        if (name is not null && !errors.Any && ctx.Store.Users.Values.Any(u => FakeCkanStore.Str(u, "name") == name))
            errors.Add("name", "That login name is not available.");
        CheckEmail(ctx, errors, FakeCkanStore.Str(input, "email"), null);
        CheckPassword(ctx, errors, input, required: true);
        CheckAbout(errors, FakeCkanStore.Str(input, "about"));
        // 2.8.12/2.9.7+: user_create drops an id sent by a non-sysadmin or one a user already has
        // (User.get: by id or name); 2.11's schema then wants what is left to be a UUID.
        var id = FakeCkanStore.Str(input, "id");
        var sent = input["id"];
        if (!string.IsNullOrEmpty(id) && (!ctx.IsSysadmin || ctx.Store.FindUser(id) is not null)) (id, sent) = (null, null);
        if (ctx.AtLeast(2, 11) && IdRules.Refusal(ctx, sent) is { } refused) errors.Add("id", refused);
        errors.ThrowIfAny();
        if (string.IsNullOrEmpty(id)) id = Guid.NewGuid().ToString();
        var user = new JsonObject { ["id"] = id, ["created"] = ctx.Store.Now(), ["state"] = "active", ["sysadmin"] = false };
        Apply(ctx, user, input);
        ctx.Store.Users[id] = user;
        return Render.User(ctx, user, includePasswordHash: false);
    }

    private static JsonNode Update(ActionContext ctx, JsonObject input)
    {
        var key = FakeCkanStore.Str(input, "id") ?? FakeCkanStore.Str(input, "name") ?? "";
        var user = ctx.Store.FindUser(key) ?? throw CkanActionException.NotFound("Not found: User not found");
        if (!ctx.IsSysadmin && ctx.CallerId != FakeCkanStore.Str(user, "id"))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to edit user {FakeCkanStore.Str(user, "id")}");
        var errors = new Validation.Errors();
        var name = FakeCkanStore.Str(input, "name") ?? FakeCkanStore.Str(user, "name");
        if (!ctx.Options.DataGovUkPlugin) Validation.Name(errors, name);
        if (!errors.Any && ctx.Store.Users.Values.Any(u => u != user && FakeCkanStore.Str(u, "name") == name))
            errors.Add("name", "That login name is not available.");
        var email = FakeCkanStore.Str(input, "email");
        if (string.IsNullOrEmpty(email)) errors.Add("email", "Missing value"); // still required on update
        else CheckEmail(ctx, errors, email, FakeCkanStore.Str(user, "id"));
        CheckPassword(ctx, errors, input, required: false);
        CheckAbout(errors, FakeCkanStore.Str(input, "about"));
        errors.ThrowIfAny();
        Apply(ctx, user, input);
        return Render.User(ctx, user, includePasswordHash: false);
    }

    private static JsonNode Patch(ActionContext ctx)
    {
        var user = ctx.Store.FindUser(ctx.RequireId()) ?? throw CkanActionException.NotFound("Not found: User not found");
        var merged = (JsonObject)user.DeepClone();
        merged.Remove("password_hash");
        foreach (var (k, v) in ctx.Params) merged[k] = v?.DeepClone();
        return Update(ctx, merged);
    }

    private static JsonNode? Delete(ActionContext ctx)
    {
        ctx.RequireSysadmin();
        var user = ctx.Store.FindUser(ctx.RequireId()) ?? throw CkanActionException.NotFound("Not found: User not found");
        user["state"] = "deleted";
        foreach (var g in ctx.Store.Groups.Values)
            if (g["members"] is JsonArray members)
                foreach (var m in members.OfType<JsonObject>().Where(m => FakeCkanStore.Str(m, "user_id") == FakeCkanStore.Str(user, "id")).ToList())
                    members.Remove(m);
        return null;
    }

    private static void Apply(ActionContext ctx, JsonObject user, JsonObject input)
    {
        foreach (var field in Editable)
            if (input.ContainsKey(field)) user[field] = input[field]?.DeepClone();
        foreach (var field in new[] { "fullname", "about", "image_url" }) user[field] ??= null;
        if (FakeCkanStore.Str(user, "email") is { } email && ctx.AtLeast(2, 10)) user["email"] = email.Trim();
        if (ctx.IsSysadmin)
        {
            if (input["sysadmin"] is JsonValue sys && sys.TryGetValue<bool>(out var isSys)) user["sysadmin"] = isSys;
            if (FakeCkanStore.Str(input, "state") is { Length: > 0 } state) user["state"] = state;
            if (FakeCkanStore.Str(input, "password_hash") is { Length: > 0 } hash && ctx.AtLeast(2, 5, 1)) user["password_hash"] = hash;
        }
        else if (input.ContainsKey("password_hash") && ctx.AtLeast(2, 5, 1))
            user["password_hash"] = ""; // recorded on 2.10: 200, and the stored hash is wiped
        if (FakeCkanStore.Str(input, "password") is { Length: > 0 } password)
            user["password_hash"] = "$pbkdf2-sha512$25000$fake$" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password)));
    }

    private static void CheckEmail(ActionContext ctx, Validation.Errors errors, string? email, string? selfId)
    {
        if (string.IsNullOrEmpty(email))
        {
            errors.Add("email", "Missing value");
            return;
        }
        if (ctx.AtLeast(2, 8) && !Validation.IsEmail(email.Trim()))
        {
            errors.Add("email", $"Email {email} is not a valid format");
            return;
        }
        // Unique from 2.9; 2.10+ compares against active users only.
        if (ctx.AtLeast(2, 9) && ctx.Store.Users.Values.Any(u => FakeCkanStore.Str(u, "id") != selfId
                && string.Equals(FakeCkanStore.Str(u, "email"), email.Trim(), StringComparison.Ordinal)
                && (!ctx.AtLeast(2, 10) || FakeCkanStore.Str(u, "state") == "active")))
            errors.Add("email", $"The email address '{email}' belongs to a registered user.");
    }

    private static void CheckPassword(ActionContext ctx, Validation.Errors errors, JsonObject input, bool required)
    {
        var password = FakeCkanStore.Str(input, "password");
        var hash = ctx.IsSysadmin && ctx.AtLeast(2, 5, 1) ? FakeCkanStore.Str(input, "password_hash") : null;
        if (string.IsNullOrEmpty(password))
        {
            if (required && string.IsNullOrEmpty(hash)) errors.Add("password", "Missing value");
            return;
        }
        var minimum = ctx.AtLeast(2, 8) ? 8 : 4;
        if (password.Length < minimum) errors.Add("password", $"Your password must be {minimum} characters or longer");
    }

    private static void CheckAbout(Validation.Errors errors, string? about)
    {
        if (about is not null && (about.Contains("http://", StringComparison.OrdinalIgnoreCase) || about.Contains("https://", StringComparison.OrdinalIgnoreCase)))
            errors.Add("about", "Edit not allowed as it looks like spam. Please avoid links in your description.");
    }
}
