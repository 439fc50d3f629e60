using Acornima;
using Acornima.Ast;
using CkanMigrate.Profiles.Engine;
using CkanMigrate.Profiles.Source;
using CkanMigrate.Profiles.Values;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace CkanMigrate.Profiles.Scripting;

/// <summary>
/// A profile's <c>functions:</c>, JavaScript run by Jint in a sandbox: no .NET access (Jint exposes
/// none unless asked), no files or network (Jint has neither), a clock stopped at the epoch and no
/// Math.random, so a function gives the same result every run. Each record may spend at most
/// <see cref="TimeLimit"/> and <see cref="MemoryLimit"/> in scripts, and calls nest at most
/// <see cref="RecursionLimit"/> deep. An engine is not thread-safe, and the convert runner converts
/// batches on several threads, so each thread gets its own engine (the parsed script is shared).
/// </summary>
internal sealed class ScriptFunctions : IDisposable
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);
    public const long MemoryLimit = 64L << 20;
    public const int RecursionLimit = 200;

    private readonly Prepared<Script> _script;
    private readonly ThreadLocal<Jint.Engine> _engines;

    /// <summary>Where the source starts in the profile (an inline block), for telling errors' lines.</summary>
    private readonly string _file;
    private readonly int _firstLine;

    public IReadOnlySet<string> Names { get; }

    private ScriptFunctions(Prepared<Script> script, string file, int firstLine, IReadOnlySet<string> names)
    {
        _script = script;
        _file = file;
        _firstLine = firstLine;
        Names = names;
        _engines = new ThreadLocal<Jint.Engine>(NewEngine);
    }

    /// <summary>Parses the source and lists the functions it defines, or reports why it cannot be used.</summary>
    public static ScriptFunctions? Load(string source, string file, int firstLine, SourceNode at, ProblemList problems)
    {
        Prepared<Script> script;
        try
        {
            script = Jint.Engine.PrepareScript(source, file, strict: true);
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            problems.Add(file, firstLine + parse.LineNumber - 1, parse.Column, "functions", parse.Description);
            return null;
        }
        var probe = new ScriptFunctions(script, file, firstLine, new HashSet<string>());
        try
        {
            var engine = probe._engines.Value!;
            var names = engine.Global.GetOwnPropertyKeys()
                .Where(k => k.IsString() && engine.Global.Get(k) is Jint.Native.Function.Function)
                .Select(k => k.AsString()).ToHashSet(StringComparer.Ordinal);
            probe.Dispose();
            return new ScriptFunctions(script, file, firstLine, names);
        }
        catch (Exception e) when (e is JavaScriptException or JintException)
        {
            problems.Add(at, "functions", $"the script failed when loaded: {e.Message}");
            probe.Dispose();
            return null;
        }
    }

    private Jint.Engine NewEngine()
    {
        var engine = new Jint.Engine(options =>
        {
            options.Strict = true;
            options.TimeSystem = new FixedClock();
            options.TimeoutInterval(TimeLimit);
            options.LimitMemory(MemoryLimit);
            options.LimitRecursion(RecursionLimit);
        });
        engine.Execute("Math.random = function () { throw new Error('Math.random is not available: a conversion must give the same result on every run'); };");
        engine.Execute(_script);
        // Globals frozen: a function cannot keep state from one record to the next (each thread has its own).
        engine.Execute("Object.freeze(globalThis);");
        return engine;
    }

    /// <summary>Calls a function as a transmutator: fn(value, ...args) returns the new value.</summary>
    public object? Call(string name, object? value, object?[] args, RecordScope scope, string where)
    {
        var engine = _engines.Value!;
        if (!scope.ScriptStarted)
        {
            engine.Constraints.Reset(); // the limits are per record
            scope.ScriptStarted = true;
        }
        try
        {
            var arguments = new JsValue[args.Length + 1];
            arguments[0] = ToJs(engine, value);
            for (var i = 0; i < args.Length; i++) arguments[i + 1] = ToJs(engine, args[i]);
            var result = engine.Invoke(name, arguments.Cast<object>().ToArray());
            if (result.IsUndefined()) throw new RecordRejectedException($"{scope.Field.Key}: the function {name} returned nothing (rule at {where})");
            return FromJs(engine, result);
        }
        catch (JavaScriptException e)
        {
            throw new RecordRejectedException($"{scope.Field.Key}: the function {name} threw: {e.Error} (rule at {where}{ScriptLine(e.Location.Start.Line)})");
        }
        catch (Exception e) when (e is TimeoutException or MemoryLimitExceededException or RecursionDepthOverflowException or StatementsCountOverflowException or JintException)
        {
            engine.Advanced.ResetCallStack();
            throw new RecordRejectedException($"{scope.Field.Key}: the function {name} was stopped: {e.Message} (rule at {where})");
        }
    }

    private string ScriptLine(int line) => line > 0 ? $"; script at {System.IO.Path.GetFileName(_file)}:{_firstLine + line - 1}" : "";

    private static JsValue ToJs(Jint.Engine engine, object? value) => value switch
    {
        null => JsValue.Null,
        string s => new JsString(s),
        bool b => b ? JsBoolean.True : JsBoolean.False,
        long l => new JsNumber(l),
        double d => new JsNumber(d),
        PyDate date => new JsString(date.IsoFormat()),
        _ => new Jint.Native.Json.JsonParser(engine).Parse(JsonValues.ToJson(value)),
    };

    private static object? FromJs(Jint.Engine engine, JsValue value)
    {
        if (value.IsNull()) return null;
        if (value.IsString()) return value.AsString();
        if (value.IsBoolean()) return value.AsBoolean();
        if (value.IsNumber())
        {
            var d = value.AsNumber();
            return Math.Floor(d) == d && Math.Abs(d) < 9e15 ? (long)d : d;
        }
        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value).ToString();
        return JsonValues.Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    public void Dispose() => _engines.Dispose();
}
