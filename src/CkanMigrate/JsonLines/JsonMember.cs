using System.Text.Json;

namespace CkanMigrate.JsonLines;

/// <summary>
/// One top-level member found by <see cref="JsonMemberIndex"/>: its name, where its value lies in the
/// line, the value's first token, and what a walker noted about it.
/// </summary>
internal readonly record struct JsonMember(string Name, int Start, int Length, JsonTokenType Kind, bool Mark)
{
    public bool IsString => Kind == JsonTokenType.String;
    public bool IsNull => Kind == JsonTokenType.Null;
    public bool IsArray => Kind == JsonTokenType.StartArray;
}
