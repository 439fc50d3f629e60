using System.Globalization;
using CkanMigrate.Bench;

// Benchmarks print numbers; they assert nothing. Usage:
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- dump [DATASETS] [LATENCY_MS] [VARIANTS]
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- load [DATASETS] [LATENCY_MS] [P,P,...]
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- convert [DATASETS] [RUNS] [escaped]   (one core: prefix taskset -c 0)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- convert-gzip [DATASETS] [RUNS]   (gzip in and out, one thread and all; gzip alone)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- profile [DATASETS] [RUNS]   (a transmute profile against the dgu converter, in-process)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- generate PATH [DATASETS]
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- files [FILES] [SIZE_KB] [P]
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- incremental [DATASETS] [CHANGES] [LATENCY_MS] [RUN OPTIONS...]
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- memory [N,N,...] [INDEX_MEMORY_MB]   (peak RSS of an all-unchanged load by target size; the index alone in-process)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- datastore [ROWS]   (one table of ROWS × 10 columns: dump, load, load again)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- dump-client [DATASETS] [ROUNDS]   (the dump's own cost per record, node tree against document)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- keys [KEYS]   (what a key digest and a DigestTable put cost)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- portal [DATASETS] [LATENCY_MS] [P]   (resource views: dump, first load, second load; calls, writes, wall time)
//   dotnet run -c Release --project bench/CkanMigrate.Bench -- serve [DATASETS] [LATENCY_MS]   (a FakeCkan source and an empty target to try the CLI on)
// VARIANTS is a comma list of search | show:P (default search,show:1,show:8,show:32).
var verb = args.Length > 0 ? args[0] : "dump";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
switch (verb)
{
    case "dump":
        var variants = args.Length > 3 ? args[3].Split(',') : ["search", "show:1", "show:8", "show:32"];
        await DumpBenchmark.RunAsync(Arg(1, 50_000), Arg(2, 1), variants);
        break;
    case "load":
        var parallels = args.Length > 3 ? args[3].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList() : [1, 8, 32];
        await LoadBenchmark.RunAsync(Arg(1, 50_000), Arg(2, 1), parallels);
        break;
    case "convert":
        await ConvertBenchmark.RunAsync(Arg(1, 100_000), Arg(2, 3), escaped: args.Contains("escaped"));
        break;
    case "convert-gzip":
        await ConvertGzipBenchmark.RunAsync(Arg(1, 100_000), Arg(2, 3));
        break;
    case "generate":
        // generate PATH [DATASETS]: a legacy data.gov.uk dump of any size, from the samples.
        await LegacyDumpGenerator.WriteAsync(args[1], Arg(2, 100_000));
        break;
    case "files":
        await FilesBenchmark.RunAsync(Arg(1, 1000), Arg(2, 1024), Arg(3, 8));
        break;
    case "incremental":
        await IncrementalBenchmark.RunAsync(Arg(1, 200_000), Arg(2, 100), Arg(3, 1), args.Skip(4).ToArray());
        break;
    case "memory":
        await MemoryBenchmark.RunAsync(args.Length > 1 ? args[1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList() : [50_000, 100_000, 200_000],
            args.Length > 2 ? args[2] : null);
        break;
    case "datastore":
        await DataStoreBenchmark.RunAsync(Arg(1, 1_000_000));
        break;
    case "serve":
        await using (var source = await FakeCkan.FakeCkanServer.StartAsync())
        await using (var target = await FakeCkan.FakeCkanServer.StartAsync())
        {
            DatasetFactory.Fill(source, Arg(1, 2000));
            source.Faults.Latency = target.Faults.Latency = TimeSpan.FromMilliseconds(Arg(2, 5));
            Console.WriteLine($"source {source.BaseUrl} target {target.BaseUrl} key {source.SysadminToken} (both); Ctrl-C ends");
            var stop = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
            await stop.Task;
        }
        break;
    case "portal":
        await PortalBenchmark.RunAsync(Arg(1, 20_000), Arg(2, 0), Arg(3, 8));
        break;
    case "dump-client":
        await DumpClientBenchmark.RunAsync(Arg(1, 10_000), Arg(2, 5));
        break;
    case "keys":
        KeyDigestBenchmark.Run(Arg(1, 400_000));
        break;
    case "profile":
        await ProfileBenchmark.RunAsync(Arg(1, 100_000), Arg(2, 3));
        break;
    case "stages":
        await ConvertStages.RunAsync(Arg(1, 20_000));
        break;
    default:
        Console.Error.WriteLine("usage: bench dump|load|convert|stages [DATASETS] [LATENCY_MS] [VARIANTS]");
        return 2;
}
return 0;
