using System.Diagnostics;
using System.Globalization;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Profiles;
using CkanMigrate.Reporting;

namespace CkanMigrate.Bench;

/// <summary>
/// A conversion profile (#26) against the built-in dgu converter on the same generated legacy dump,
/// in-process on the real parallel convert runner (all cores, output discarded so only conversion
/// is timed): a realistic schema (extras to top-level fields, resources as a nested multiple type,
/// a licence mapper, dates), then the same with one small JavaScript transmutator. Median of RUNS;
/// the managed heap after each run shows whether memory stays flat as records go by.
/// </summary>
internal static class ProfileBenchmark
{
    private const string Schema = """
        datasets:
          root: Dataset
          types:
            Dataset:
              fields:
                extras: {validators: [[cm_extras_to_fields, contact-name, contact-email, contact-phone, foi-name, foi-email, foi-phone, foi-web]]}
                license_id: {default: notspecified, validators: [[tsm_mapper, {uk-ogl: OGL-UK-3.0, cc-by: CC-BY-4.0}]]}
                metadata_created: {validators: [tsm_isodate]}
                metadata_modified: {validators: [tsm_isodate]}
        {0}
                resources: {multiple: true, type: Resource}
            Resource:
              fields:
                format: {validators: [tsm_stop_on_empty, tsm_to_uppercase]}
                created: {validators: [tsm_stop_on_empty, tsm_isodate]}
        """;

    private const string Script = """
        functions: |
          function tidy(v) { return typeof v === 'string' ? v.trim() : v; }
        """;

    public static async Task RunAsync(int datasets, int runs)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench-profile");
        var plain = Load(folder, "plain.yaml", Schema.Replace("{0}", "", StringComparison.Ordinal));
        var scripted = Load(folder, "script.yaml", Script + "\n" + Schema.Replace("{0}", "        title: {validators: [tidy]}", StringComparison.Ordinal));
        var legacy = Path.Combine(folder.FullName, "legacy-datasets.jsonl");
        await LegacyDumpGenerator.WriteAsync(legacy, datasets);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:N0} legacy datasets (the dgu samples, copied: {1:N0} KB a record on average); {2} cores",
            datasets, new FileInfo(legacy).Length / 1024.0 / datasets, Environment.ProcessorCount));
        await CompareAsync(legacy, datasets, runs, plain, scripted);
        // Small records, where the cost per record (and so a script's) shows.
        var small = Path.Combine(folder.FullName, "small-datasets.jsonl");
        var count = datasets * 10;
        await File.WriteAllLinesAsync(small, Enumerable.Range(0, count).Select(SmallDataset));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:N0} small datasets ({1:N0} bytes a record)", count, new FileInfo(small).Length / count));
        await CompareAsync(small, count, runs, plain, scripted);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "peak working set {0:N0} MB", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0));
        folder.Delete(recursive: true);
    }

    private static string SmallDataset(int i) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"id":"{{DatasetFactory.Id("small", i)}}","name":"small-{{i}}","title":"  Small dataset {{i}} ","notes":"A dataset of the benchmark.","license_id":"{{(i % 3 == 0 ? "cc-by" : "uk-ogl")}}","metadata_created":"2015-01-01T00:00:00.000000","metadata_modified":"2016-02-03T04:05:06.{{i % 1000000:D6}}","extras":[{"key":"contact-email","value":"data@example.gov.uk"},{"key":"theme","value":"Health"}],"resources":[{"id":"r{{i}}","format":"csv","created":"2015-01-01T00:00:00","url":"https://example.gov.uk/{{i}}.csv"}]}""");

    private static async Task CompareAsync(string input, int datasets, int runs, ConversionProfile plain, ConversionProfile scripted)
    {
        var mb = new FileInfo(input).Length / 1048576.0;
        Console.WriteLine("| converter | MB/s | records/s | converted | rejected | heap after (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (label, converter) in new (string, IRecordConverter)[]
                 {
                     ("built-in dgu", new DguDatasetConverter()),
                     ("profile (transmute schema)", plain.ConverterFor(Entities.EntityKind.Datasets)!),
                     ("profile + one JavaScript transmutator", scripted.ConverterFor(Entities.EntityKind.Datasets)!),
                 })
        {
            var timings = new List<(TimeSpan Elapsed, ConvertSummary Summary, long Heap)>();
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var summary = await new ConvertRunner(converter).RunAsync(JsonLinesReader.ReadAsync(input), Stream.Null, RecordLog.None, null, new ProgressCounter(label));
                clock.Stop();
                timings.Add((clock.Elapsed, summary, GC.GetTotalMemory(forceFullCollection: true)));
            }
            var median = timings.OrderBy(t => t.Elapsed).ElementAt(timings.Count / 2);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:N0} | {5:N0} |", label, mb / median.Elapsed.TotalSeconds,
                datasets / median.Elapsed.TotalSeconds, median.Summary.Converted, median.Summary.Rejected, median.Heap / 1048576.0));
        }
    }

    private static ConversionProfile Load(DirectoryInfo folder, string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        var result = ConversionProfile.Load(path);
        return result.Profile ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
    }
}
