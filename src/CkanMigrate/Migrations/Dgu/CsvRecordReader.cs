using System.Runtime.CompilerServices;
using System.Text;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// Reads CSV records that may be quoted either way the Drupal export has been seen to use: RFC 4180
/// (<c>""</c> inside quotes) or MySQL's <c>INTO OUTFILE</c> style (<c>\"</c> and <c>\\</c>), with
/// quoted fields spanning lines. Each record comes with the physical line it started on, so a bad
/// row can be named. (No library reads both quoting styles at once.)
/// </summary>
internal static class CsvRecordReader
{
    public static async IAsyncEnumerable<(long Line, List<string> Fields)> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, start = 1;
        var inQuotes = false;
        var fieldStarted = false;
        string? text;
        while ((text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c == '\\' && i + 1 < text.Length)
                    {
                        var next = text[++i];
                        field.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', _ => next });
                    }
                    else if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        inQuotes = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"' && !fieldStarted)
                {
                    inQuotes = true;
                    fieldStarted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                }
                else
                {
                    field.Append(c);
                    fieldStarted = true;
                }
            }
            if (inQuotes)
            {
                field.Append('\n'); // a quoted field goes on to the next line
                line++;
                continue;
            }
            fields.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
            if (!(fields.Count == 1 && fields[0].Length == 0)) // blank line
                yield return (start, fields);
            fields = new List<string>();
            line++;
            start = line;
        }
        if (inQuotes)
            throw new InvalidDataException($"line {start}: a quoted field is never closed");
    }
}
