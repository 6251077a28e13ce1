using Orleans.Dataflow.Silo.Scripting;

namespace Orleans.Dataflow.Silo.Loading;

/// <summary>Builds the <see cref="Dataflow"/> a file defines: a C# script (<c>.csx</c>) or a compiled assembly (<c>.dll</c>); what <c>run</c> uses.</summary>
/// <remarks>
/// <para>
/// <b>Scripts</b> are compiled with Roslyn (about 2-3 s for the first script of a process, less for later ones;
/// none for a script compiled before, which <see cref="CompiledScriptCache"/> kept) and run once; the script's last expression must evaluate to the flow. The script sees <see cref="ScriptGlobals"/>:
/// <c>Args</c>, <c>ScriptPath</c>, <c>ScriptDirectory</c>. It imports System, System.Collections.Generic, System.IO,
/// System.Linq and the Orleans.Dataflow namespaces (Inputs, Outputs, Connectors, Testing); <c>#load</c> and
/// <c>#r</c> resolve relative to the script. A flow name, when given, must equal the flow's id.
/// </para>
/// <para>
/// <b>Assemblies</b> are loaded into their own load context that shares the silo's Orleans.Dataflow assemblies.
/// Their flows are the public static methods, properties and fields of public types whose type is
/// <see cref="Dataflow"/>; a method may take no parameters or one <c>IReadOnlyDictionary&lt;string, string&gt;</c>
/// of args. The flow name picks one by member name, <c>Type.Member</c> or <c>Namespace.Type.Member</c>; with no
/// name the assembly must expose exactly one flow.
/// </para>
/// <para>Each call builds a fresh flow; each script is compiled into an assembly and load context of its own. Not meant to be called concurrently for the same script.</para>
/// </remarks>
public static class FlowLoader
{
    /// <summary>The file extension of flow scripts.</summary>
    public const string ScriptExtension = ".csx";

    /// <summary>The file extension of flow assemblies.</summary>
    public const string AssemblyExtension = ".dll";

    /// <summary>Whether <paramref name="path"/> has an extension <see cref="Load(string, IReadOnlyDictionary{string, string}?, string?)"/> understands (case-insensitive).</summary>
    public static bool IsSupported(string path)
        => Path.GetExtension(path) is { } extension
            && (extension.Equals(ScriptExtension, StringComparison.OrdinalIgnoreCase) || extension.Equals(AssemblyExtension, StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the flow defined by the script or assembly at <paramref name="path"/>, passing it <paramref name="args"/>.</summary>
    /// <param name="path">A <c>.csx</c> or <c>.dll</c> file, absolute or relative to the current directory.</param>
    /// <param name="args">The <c>--arg</c> values the flow sees; empty when null.</param>
    /// <param name="flowName">Which flow of an assembly to build (for a script: the id its flow must have); null for the only one.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The file is neither a <c>.csx</c> nor a <c>.dll</c>.</exception>
    /// <exception cref="FlowLoadException">The file does not compile or load, has no such flow, or building the flow threw.</exception>
    public static Dataflow Load(string path, IReadOnlyDictionary<string, string>? args = null, string? flowName = null) => Load(path, args, flowName, compiling: null);

    /// <summary>As <see cref="Load(string, IReadOnlyDictionary{string, string}?, string?)"/>, telling <paramref name="compiling"/> just before a script is compiled: not for an assembly, nor for a script compiled before (<see cref="CompiledScriptCache"/>).</summary>
    internal static Dataflow Load(string path, IReadOnlyDictionary<string, string>? args, string? flowName, Action? compiling)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        args ??= new Dictionary<string, string>(StringComparer.Ordinal);
        return Kind(path) switch
        {
            ScriptExtension => ScriptFlowLoader.Load(path, args, flowName, collectible: false, CompiledScriptCache.Default, compiling).Flow,
            _ => AssemblyFlowLoader.Load(path, args, flowName),
        };
    }

    /// <summary>Builds the flow defined by the script or assembly at <paramref name="path"/> from code loaded into a collectible context of its own, which the returned <see cref="FlowCode"/> unloads: what a service does, which loads flows for as long as it runs.</summary>
    /// <remarks>An assembly is loaded from its bytes, so a new version at the same path is a new assembly. When loading fails, nothing stays loaded.</remarks>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The file is neither a <c>.csx</c> nor a <c>.dll</c>.</exception>
    /// <exception cref="FlowLoadException">The file does not compile or load, has no such flow, or building the flow threw.</exception>
    internal static (Dataflow Flow, FlowCode Code) LoadCollectible(string path, IReadOnlyDictionary<string, string> args, string? flowName)
    {
        if (Kind(path) == ScriptExtension)
        {
            var (flow, scriptContext) = ScriptFlowLoader.Load(path, args, flowName, collectible: true);
            return (flow, new FlowCode(scriptContext));
        }

        var context = new FlowAssemblyLoadContext(Path.GetFullPath(path), isCollectible: true);
        try
        {
            return (AssemblyFlowLoader.Load(path, args, flowName, context), new FlowCode(context));
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>The extension of the flow file at <paramref name="path"/>, lower case.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The file is neither a <c>.csx</c> nor a <c>.dll</c>.</exception>
    private static string Kind(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"flow file {path} does not exist", path);
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ScriptExtension => ScriptExtension,
            AssemblyExtension => AssemblyExtension,
            var other => throw new ArgumentException($"flow file {path} has extension '{other}'; expected {ScriptExtension} (a C# script) or {AssemblyExtension} (a compiled assembly)", nameof(path)),
        };
    }
}
