using System.Reflection;

namespace Orleans.Dataflow.Silo.Loading;

/// <summary>Loads a compiled assembly and builds one of the flows it exposes through public static members.</summary>
/// <remarks>
/// A flow is any public static method, property or field of a public type (nested public types included) whose
/// type is <see cref="Dataflow"/>. A method may take no parameters, or one
/// <c>IReadOnlyDictionary&lt;string, string&gt;</c> that receives the <c>--arg</c> values. Generic members are
/// skipped. The member is called only when chosen, so other flows of the assembly are never built.
/// </remarks>
internal static class AssemblyFlowLoader
{
    /// <summary>Loads the assembly at <paramref name="path"/> and builds the flow <paramref name="flowName"/> (or its only flow).</summary>
    /// <param name="path">The assembly file.</param>
    /// <param name="args">The <c>--arg</c> values.</param>
    /// <param name="flowName">Which flow to build; null for the only one.</param>
    /// <param name="context">A context of the flow's own to load the assembly's bytes into (a service's collectible one); null to load it as <c>run</c> does, once per process.</param>
    /// <exception cref="FlowLoadException">The assembly cannot be loaded, the flow is missing or ambiguous, or building it threw.</exception>
    public static Dataflow Load(string path, IReadOnlyDictionary<string, string> args, string? flowName, FlowAssemblyLoadContext? context = null)
    {
        var assembly = context is null ? LoadAssembly(path) : LoadBytes(path, context);
        var entryPoint = Choose(path, Discover(path, assembly), flowName);
        Dataflow? flow;
        try
        {
            flow = entryPoint.Invoke(args);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new FlowLoadException(path, $"flow {entryPoint.QualifiedName} in {path} threw while building: {inner.GetType().Name}: {inner.Message}", inner: inner);
        }

        return flow ?? throw new FlowLoadException(path, $"flow {entryPoint.QualifiedName} in {path} returned null instead of a Dataflow");
    }

    /// <summary>The flows <paramref name="assembly"/> exposes, ordered by qualified name.</summary>
    /// <exception cref="FlowLoadException">The assembly's types cannot be loaded (a missing dependency).</exception>
    public static IReadOnlyList<FlowEntryPoint> Discover(string path, Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            var detail = e is ReflectionTypeLoadException { LoaderExceptions: [{ } first, ..] } ? first.Message : e.Message;
            throw new FlowLoadException(path, $"cannot load the types of {path}: {detail}", inner: e);
        }

        const BindingFlags Statics = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<FlowEntryPoint>();
        foreach (var type in types.Where(t => !t.ContainsGenericParameters))
        {
            found.AddRange(type.GetMethods(Statics)
                .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && m.ReturnType == typeof(Dataflow) && TakesArgsOrNothing(m))
                .Select(m => new FlowEntryPoint(m)));
            found.AddRange(type.GetProperties(Statics)
                .Where(p => p.PropertyType == typeof(Dataflow) && p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
                .Select(p => new FlowEntryPoint(p)));
            found.AddRange(type.GetFields(Statics)
                .Where(f => f.FieldType == typeof(Dataflow))
                .Select(f => new FlowEntryPoint(f)));
        }

        return [.. found.OrderBy(f => f.QualifiedName, StringComparer.Ordinal)];
    }

    private static bool TakesArgsOrNothing(MethodInfo method) => method.GetParameters() switch
    {
        [] => true,
        [var only] => only.ParameterType == typeof(IReadOnlyDictionary<string, string>),
        _ => false,
    };

    private static FlowEntryPoint Choose(string path, IReadOnlyList<FlowEntryPoint> flows, string? flowName)
    {
        if (flows.Count == 0)
        {
            throw new FlowLoadException(path,
                $"{path} exposes no flow: add a public static method, property or field of type Dataflow (a method may take IReadOnlyDictionary<string, string> args)");
        }

        if (flowName is null)
        {
            return flows.Count == 1
                ? flows[0]
                : throw new FlowLoadException(path, $"{path} exposes {flows.Count} flows; choose one with --flow: {List(flows)}");
        }

        var matches = flows.Where(f => f.Matches(flowName)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new FlowLoadException(path, $"{path} has no flow named '{flowName}'; its flows are: {List(flows)}"),
            _ => throw new FlowLoadException(path, $"flow name '{flowName}' is ambiguous in {path}; use one of: {string.Join(", ", matches.Select(f => f.QualifiedName))}"),
        };
    }

    private static string List(IReadOnlyList<FlowEntryPoint> flows)
    {
        var nameCounts = flows.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return string.Join(", ", flows.Select(f => nameCounts[f.Name] == 1 ? f.Name : f.QualifiedName));
    }

    /// <summary>Loads the bytes of the assembly at <paramref name="path"/> into <paramref name="context"/>: never the copy a context of another flow loaded from the same path, and no file stays mapped.</summary>
    private static Assembly LoadBytes(string path, FlowAssemblyLoadContext context)
    {
        try
        {
            using var image = new MemoryStream(File.ReadAllBytes(path));
            return context.LoadFromStream(image);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            throw new FlowLoadException(path, $"cannot load assembly {path}: {e.Message}", inner: e);
        }
    }

    private static Assembly LoadAssembly(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, fullPath, StringComparison.Ordinal));
        if (loaded is not null)
        {
            return loaded;
        }

        try
        {
            return new FlowAssemblyLoadContext(fullPath).LoadFromAssemblyPath(fullPath);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new FlowLoadException(path, $"cannot load assembly {path}: {e.Message}", inner: e);
        }
    }
}
