using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;
using Orleans.Dataflow.Silo.Loading;

namespace Orleans.Dataflow.Silo.Scripting;

/// <summary>Compiles a C# flow script (<c>.csx</c>) with Roslyn and runs it to get the <see cref="Dataflow"/> its last expression evaluates to.</summary>
/// <remarks>
/// The script references the Abstractions assembly and the runtime's usual assemblies, imports
/// <see cref="Imports"/>, and sees <see cref="ScriptGlobals"/> as globals. <c>#load</c> and <c>#r</c> paths are
/// relative to the script's directory. The script is compiled optimized, with debug information, so stack
/// traces of user code name script lines.
/// </remarks>
internal static partial class ScriptFlowLoader
{
    /// <summary>The namespaces every flow script imports.</summary>
    public static readonly ImmutableArray<string> Imports =
    [
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "Orleans.Dataflow",
        "Orleans.Dataflow.Inputs",
        "Orleans.Dataflow.Outputs",
        "Orleans.Dataflow.Connectors",
        "Orleans.Dataflow.Testing",
        "Orleans.Dataflow.Windowing",
    ];

    private const int MaxReportedErrors = 20;

    private static readonly Lazy<ScriptOptions> _baseOptions = new(() => ScriptOptions.Default
        .AddReferences(typeof(Dataflow).Assembly)
        .WithImports(Imports)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithFileEncoding(Encoding.UTF8)
        .WithCheckOverflow(false)
        .WithAllowUnsafe(false));

    /// <summary>Compiles the script at <paramref name="path"/> into an assembly of its own (or takes it from <see cref="CompiledScriptCache.Default"/>), loads it into a context of its own and runs it; returns its flow and that context.</summary>
    /// <param name="path">The script.</param>
    /// <param name="args">The <c>--arg</c> values the script sees.</param>
    /// <param name="flowName">The id the script's flow must have; null for any.</param>
    /// <param name="collectible">Whether the context can be unloaded (a service's flows); nothing is left loaded when the script fails.</param>
    /// <exception cref="FlowLoadException">The script cannot be read, does not compile, throws, or does not end with a Dataflow.</exception>
    public static (Dataflow Flow, FlowAssemblyLoadContext Context) Load(string path, IReadOnlyDictionary<string, string> args, string? flowName, bool collectible)
        => Load(path, args, flowName, collectible, CompiledScriptCache.Default);

    /// <summary>As <see cref="Load(string, IReadOnlyDictionary{string, string}, string?, bool)"/>, with compiled scripts kept in <paramref name="cache"/> (none when null), and <paramref name="compiling"/> told just before the script is compiled (not when it comes from the cache).</summary>
    internal static (Dataflow Flow, FlowAssemblyLoadContext Context) Load(string path, IReadOnlyDictionary<string, string> args, string? flowName, bool collectible, CompiledScriptCache? cache,
        Action? compiling = null)
    {
        var fullPath = Path.GetFullPath(path);
        string code;
        try
        {
            code = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlowLoadException(path, $"cannot read script {path}: {e.Message}", inner: e);
        }

        var key = cache is null ? null : CompiledScriptCache.KeyOf(fullPath, code);
        var compiled = key is null ? null : cache!.TryGet(key);
        if (compiled is null)
        {
            compiling?.Invoke();
            compiled = Compile(path, fullPath, code);
            if (key is not null)
            {
                cache!.Put(key, compiled);
            }
        }

        // Not Script.RunAsync: Roslyn loads what it runs into a load context that never unloads, so every script a
        // service ran would stay in memory for good. The script is loaded here into a context of its own.
        var context = new FlowAssemblyLoadContext(fullPath, compiled.References, collectible);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(compiled.Image), new MemoryStream(compiled.Symbols));
            var flow = Run(path, assembly, compiled, new ScriptGlobals(args, fullPath));
            if (flowName is not null && !string.Equals(flow.Id, flowName, StringComparison.Ordinal))
            {
                throw new FlowLoadException(path, $"script {path} builds flow '{flow.Id}', not the requested flow '{flowName}'");
            }

            return (flow, context);
        }
        catch when (collectible)
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>Compiles <paramref name="code"/>, the script at <paramref name="fullPath"/>, to an assembly with its symbols.</summary>
    /// <exception cref="FlowLoadException">The script does not compile; the message names each error's file, line and column.</exception>
    private static CompiledScript Compile(string path, string fullPath, string code)
    {
        var directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        var options = _baseOptions.Value
            .WithFilePath(fullPath)
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(directory))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory));
        var compilation = CSharpScript.Create<object>(code, options, typeof(ScriptGlobals)).GetCompilation();
        using var image = new MemoryStream();
        using var symbols = new MemoryStream();
        var emitted = compilation.Emit(image, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!emitted.Success || errors.Count > 0)
        {
            throw CompileError(path, errors);
        }

        var entryPoint = compilation.GetEntryPoint(CancellationToken.None)!;
        return new CompiledScript(image.ToArray(), symbols.ToArray(), entryPoint.ContainingType.MetadataName, entryPoint.MetadataName, ReferencedAssemblies(compilation));
    }

    /// <summary>Runs the script's submission, as Roslyn's own runner does: its factory takes the submission array, whose first slot holds the globals and whose second receives the submission.</summary>
    private static Dataflow Run(string path, Assembly assembly, CompiledScript compiled, ScriptGlobals globals)
    {
        var factory = assembly.GetType(compiled.EntryType, throwOnError: true)!
            .GetMethod(compiled.EntryMethod, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<object?[], Task<object>>>();
        object? result;
        try
        {
            result = factory([globals, null]).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            throw new FlowLoadException(path, $"script {path} threw while building its flow: {e.GetType().Name}: {e.Message}", inner: e);
        }

        if (result is not Dataflow flow)
        {
            var got = result is null ? "no value (end the script with an expression, e.g. `flow` without a semicolon)" : $"a value of type {result.GetType().Name}";
            throw new FlowLoadException(path, $"script {path} must end with an expression that evaluates to a Dataflow; got {got}");
        }

        return flow;
    }

    /// <summary>The assemblies the script names with <c>#r</c>, by simple name, which the script's context loads from their files.</summary>
    private static Dictionary<string, string> ReferencedAssemblies(Compilation compilation)
    {
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in compilation.DirectiveReferences.OfType<PortableExecutableReference>())
        {
            if (reference.FilePath is { } file && compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol symbol)
            {
                references[symbol.Identity.Name] = file;
            }
        }

        return references;
    }

    private static FlowLoadException CompileError(string path, IReadOnlyList<Diagnostic> errors)
    {
        var lines = errors.Take(MaxReportedErrors).SelectMany(error => Hint(error) is { } hint ? [Format(error), $"  hint: {hint}"] : new[] { Format(error) }).ToList();
        if (errors.Count > MaxReportedErrors)
        {
            lines.Add($"... and {errors.Count - MaxReportedErrors} more errors");
        }

        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more errors)" : string.Empty;
        return new FlowLoadException(path, $"script {path} does not compile: {(lines.Count > 0 ? lines[0] : "unknown error")}{more}", lines);
    }

    /// <summary>What a newcomer most likely got wrong, for the two mistakes every first script makes; null for any other error.</summary>
    private static string? Hint(Diagnostic error)
    {
        var message = error.GetMessage(CultureInfo.InvariantCulture);
        switch (error.Id)
        {
            // "Only assignment, call ... can be used as a statement": `flow;` at the end, where the flow must be an expression.
            case "CS0201" when error.Location.SourceTree?.GetText().ToString(error.Location.SourceSpan) is { } statement && IdentifierStatement().IsMatch(statement):
                var name = statement.TrimEnd(';', ' ');
                return $"a script's last line is the flow it runs, as an expression: write `{name}` without the semicolon";

            // A keyed operator (StatefulMap, ReduceFinal, FoldWindow ...) called on a stream of plain items.
            case "CS1929" or "CS0411" or "CS1061" when message.Contains("Stream<(string Key,", StringComparison.Ordinal) && KeyedOperator().Match(message) is { Success: true } match:
                var op = match.Groups["op"].Value;
                return $"{op} works on a keyed stream of (key, value) pairs: key the items first, e.g. .KeyOn(\"key\", item => item.Id).{op}(...)"
                    + (error.Id == "CS0411" ? $", or give {op}'s lambda typed parameters" : string.Empty);
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\s*;?$")]
    private static partial Regex IdentifierStatement();

    [GeneratedRegex(@"(?:definition for '|method '\w+\.)(?<op>\w+)")]
    private static partial Regex KeyedOperator();

    /// <summary>Renders a diagnostic as <c>file:line:column: error CSxxxx: message</c>, the file relative to the current directory when inside it.</summary>
    private static string Format(Diagnostic diagnostic)
    {
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        if (diagnostic.Location.GetMappedLineSpan() is { IsValid: true } span)
        {
            var start = span.StartLinePosition;
            return $"{DisplayPath(span.Path)}:{start.Line + 1}:{start.Character + 1}: {severity} {diagnostic.Id}: {message}";
        }

        return $"{severity} {diagnostic.Id}: {message}";
    }

    private static string DisplayPath(string path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? path : relative;
    }
}
