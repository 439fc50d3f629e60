using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>One input line, parsed once in input order (where the rules that depend on order run), then loaded.</summary>
internal sealed record LoadInput(InputLine Line, JsonObject? Record, string? ParseError, string? Note);
