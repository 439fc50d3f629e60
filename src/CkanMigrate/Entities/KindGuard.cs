using CkanMigrate.JsonLines;

namespace CkanMigrate.Entities;

/// <summary>
/// Refuses an input whose first records are plainly of another kind than the one named on the
/// command line (<c>load users -I organizations.jsonl</c>), before anything is written. Decided from
/// the first few records that parse; records whose fields do not say are no evidence either way.
/// </summary>
internal static class KindGuard
{
    /// <summary>How many records are looked at.</summary>
    public const int Looked = 5;

    /// <summary>
    /// Reads the first few records now and checks them (so a wrong file is refused before the
    /// target is even read), then hands back every line, those included, unchanged and in order.
    /// </summary>
    public static async Task<IAsyncEnumerable<InputLine>> CheckedAsync(IAsyncEnumerable<InputLine> lines, EntityKind expected, CancellationToken cancellationToken)
    {
        var rest = lines.GetAsyncEnumerator(cancellationToken);
        var held = new List<InputLine>(Looked);
        var more = true;
        while (held.Count(l => !l.IsBlank) < Looked && (more = await rest.MoveNextAsync().ConfigureAwait(false)))
            held.Add(rest.Current);
        try
        {
            Check(held, expected);
        }
        catch
        {
            await rest.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (more) return Replay(held, rest);
        await rest.DisposeAsync().ConfigureAwait(false);
        return Replay(held, null);
    }

    private static async IAsyncEnumerable<InputLine> Replay(List<InputLine> held, IAsyncEnumerator<InputLine>? rest)
    {
        foreach (var line in held) yield return line;
        if (rest is null) yield break;
        await using (rest.ConfigureAwait(false))
            while (await rest.MoveNextAsync().ConfigureAwait(false))
                yield return rest.Current;
    }

    /// <summary>Checks a file's first records (plain or gzip) without keeping it open.</summary>
    public static async Task CheckFileAsync(string path, EntityKind expected, CancellationToken cancellationToken)
    {
        var held = new List<InputLine>(Looked);
        await foreach (var line in JsonLinesReader.ReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (line.IsBlank) continue;
            held.Add(line);
            if (held.Count == Looked) break;
        }
        Check(held, expected);
    }

    private static void Check(IReadOnlyList<InputLine> lines, EntityKind expected)
    {
        (InputLine Line, EntityKind Kind, string Evidence)? other = null;
        foreach (var line in lines)
        {
            if (line.IsBlank || !line.TryParseObject(out var record, out _)) continue;
            if (RecordShape.Guess(record!) is not { } guess) continue;
            if (guess.Kind == expected) return;
            other ??= (line, guess.Kind, guess.Evidence);
        }
        if (other is not { } wrong) return;
        throw new WrongKindException(
            $"{wrong.Line.Where} looks like {Name(wrong.Kind)} (it has {wrong.Evidence}), not {Name(expected)}: " +
            $"give the kind the file holds, or --force if it really is {EntityDescriptor.For(expected).CliName}");
    }

    private static string Name(EntityKind kind) => kind switch
    {
        EntityKind.Users => "a user",
        EntityKind.Organizations => "an organization",
        EntityKind.Groups => "a group",
        EntityKind.Datasets => "a dataset",
        _ => "a harvest source",
    };
}
