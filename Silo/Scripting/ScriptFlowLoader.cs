using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
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
internal static class ScriptFlowLoader
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
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8)
        .WithCheckOverflow(false)
        .WithAllowUnsafe(false));

    /// <summary>Compiles and runs the script at <paramref name="path"/> and returns its flow.</summary>
    /// <exception cref="FlowLoadException">The script cannot be read, does not compile, throws, or does not end with a Dataflow.</exception>
    public static Dataflow Load(string path, IReadOnlyDictionary<string, string> args, string? flowName)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        string code;
        try
        {
            code = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlowLoadException(path, $"cannot read script {path}: {e.Message}", inner: e);
        }

        var options = _baseOptions.Value
            .WithFilePath(fullPath)
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(directory))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory));
        var script = CSharpScript.Create<object>(code, options, typeof(ScriptGlobals));
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw CompileError(path, errors);
        }

        object? result;
        try
        {
            result = script.RunAsync(new ScriptGlobals(args, fullPath)).GetAwaiter().GetResult().ReturnValue;
        }
        catch (CompilationErrorException e)
        {
            throw CompileError(path, e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
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

        if (flowName is not null && !string.Equals(flow.Id, flowName, StringComparison.Ordinal))
        {
            throw new FlowLoadException(path, $"script {path} builds flow '{flow.Id}', not the requested flow '{flowName}'");
        }

        return flow;
    }

    private static FlowLoadException CompileError(string path, IReadOnlyList<Diagnostic> errors)
    {
        var lines = errors.Take(MaxReportedErrors).Select(Format).ToList();
        if (errors.Count > MaxReportedErrors)
        {
            lines.Add($"... and {errors.Count - MaxReportedErrors} more errors");
        }

        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more errors)" : string.Empty;
        return new FlowLoadException(path, $"script {path} does not compile: {(lines.Count > 0 ? lines[0] : "unknown error")}{more}", lines);
    }

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
