using System.CommandLine;
using CkanMigrate.Ckan;
using CkanMigrate.Cli.Commands;
using CkanMigrate.Cli.Console;
using CkanMigrate.Indexing;

namespace CkanMigrate.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        OwnerOnlyFiles.Apply();
        var root = BuildRoot();
        if (CkanapiFlags.AnswerTo(args) is { } answer)
        {
            // ckanapi habits (local mode, -g, -D, --upload-*): what to use instead, not "unrecognized".
            Output.Error(answer);
            return ExitCodes.Usage;
        }
        var parse = root.Parse(args);
        if (UsageHints.ForCommandLine(parse) is { } hint)
        {
            Output.Error(hint);
            return ExitCodes.Usage;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Output.Error(error.Message);
            System.Console.Error.WriteLine("Run 'ckan-migrate --help' for usage.");
            return ExitCodes.Usage;
        }
        if (RootHelp.IsAsked(parse)) return RootHelp.Write(root, args);
        // Ctrl-C and SIGTERM cancel the work; each stage then deletes its temp files and the run state
        // keeps what finished, so the same command continues where this one stopped.
        using var interrupt = new CancellationTokenSource();
        var stoppedWith = ExitCodes.Interrupted;
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stoppedWith = ExitCodes.Terminated;
            interrupt.Cancel();
        });
        try
        {
            if (parse.GetValue(IndexMemoryMb) is { } mb)
            {
                if (mb is <= 0 or > 1_000_000) throw new UsageException("--index-memory is a size in MB, more than 0 (e.g. 100, or 0.5)");
                IndexMemory.BudgetBytes = (long)(mb * 1024 * 1024);
            }
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(configuration, interrupt.Token).ConfigureAwait(false);
        }
        catch (CkanMigrate.Entities.WrongKindException e)
        {
            Output.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (UsageException e)
        {
            Output.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Output.Error(InterruptAdvice.For(parse, stoppedWith == ExitCodes.Terminated));
            return stoppedWith;
        }
        catch (KeyRefusedException e)
        {
            Output.Error(e.Message);
            return ExitCodes.Fatal;
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotCkan or CkanErrorKind.Transport)
        {
            // The site, not a record: its own words already say what to do.
            Output.Error($"stopped: {e.Message}");
            return ExitCodes.Fatal;
        }
        catch (CkanApiException e)
        {
            Output.Error($"stopped: {e.Describe()}");
            return ExitCodes.Fatal;
        }
        catch (Exception e) when (DiskProblems.Explain(e) is { } explained)
        {
            Output.Error(explained);
            return ExitCodes.Fatal;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            Output.Error(e.Message);
            return ExitCodes.Fatal;
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, with the stack only on request.
            Output.Error($"internal error ({e.GetType().Name}): {e.Message}. Set CKAN_MIGRATE_DEBUG=1 for details and please report it.");
            if (Environment.GetEnvironmentVariable("CKAN_MIGRATE_DEBUG") == "1") System.Console.Error.WriteLine(e);
            return ExitCodes.Fatal;
        }
    }

    /// <summary>One budget for every index a verb builds (target index, seen keys, verify's target): past it they spill to disk.</summary>
    private static readonly Option<double?> IndexMemoryMb = new("--index-memory")
    {
        Description = "MB each record index may hold in memory before it spills to a temp file (default 100: about a million datasets)",
        Recursive = true,
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("CkanMigrate: move a whole CKAN portal from one site to another");
        root.Options.Add(IndexMemoryMb);
        root.Subcommands.Add(DumpCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(FilterCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        return root;
    }
}
