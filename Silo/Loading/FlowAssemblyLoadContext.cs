using System.Reflection;
using System.Runtime.Loader;

namespace Orleans.Dataflow.Silo.Loading;

/// <summary>Loads a flow's code (an assembly, or a compiled script) and its own dependencies, sharing the silo's Orleans.Dataflow assemblies with it.</summary>
/// <remarks>
/// The flow must see the very <see cref="Dataflow"/> type the engine runs, so the Orleans.Dataflow assemblies the
/// silo has loaded always come from the silo, even when a copy sits next to the flow assembly. Other
/// dependencies resolve through the assemblies a script references with <c>#r</c>, the flow assembly's
/// <c>.deps.json</c>, or its directory, before falling back to the silo's (framework assemblies, Roslyn). A
/// collectible context is unloaded once nothing refers to its code: what a service does when a flow is deleted.
/// </remarks>
internal sealed class FlowAssemblyLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> _sharedNames = new(
        new[] { typeof(Dataflow), typeof(Grains.Execution.DataflowExecution), typeof(FlowAssemblyLoadContext) }
            .Select(t => t.Assembly.GetName().Name!),
        StringComparer.Ordinal);

    private readonly AssemblyDependencyResolver? _resolver;
    private readonly IReadOnlyDictionary<string, string> _references;
    private readonly string _directory;

    /// <summary>Creates the context for the flow assembly at <paramref name="assemblyPath"/> (a full path).</summary>
    public FlowAssemblyLoadContext(string assemblyPath, bool isCollectible = false)
        : base($"flow:{Path.GetFileName(assemblyPath)}", isCollectible)
    {
        _directory = Path.GetDirectoryName(assemblyPath) ?? Directory.GetCurrentDirectory();
        _references = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            _resolver = new AssemblyDependencyResolver(assemblyPath);
        }
        catch (InvalidOperationException)
        {
            // No usable .deps.json (an assembly compiled outside MSBuild): fall back to probing its directory.
            _resolver = null;
        }
    }

    /// <summary>Creates the context for the script at <paramref name="scriptPath"/> (a full path), whose <c>#r</c> assemblies are <paramref name="references"/> (file paths by simple name).</summary>
    public FlowAssemblyLoadContext(string scriptPath, IReadOnlyDictionary<string, string> references, bool isCollectible)
        : base($"flow:{Path.GetFileName(scriptPath)}", isCollectible)
    {
        _directory = Path.GetDirectoryName(scriptPath) ?? Directory.GetCurrentDirectory();
        _references = references;
        _resolver = null;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName) || assemblyName.Name is not { } name)
        {
            return null;
        }

        var path = _references.GetValueOrDefault(name) ?? _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var candidate = Path.Combine(_directory, name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>True for the Orleans.Dataflow assemblies of the silo, which the flow must share with it.</summary>
    private static bool IsShared(AssemblyName name) => name.Name is { } simple && _sharedNames.Contains(simple);
}
