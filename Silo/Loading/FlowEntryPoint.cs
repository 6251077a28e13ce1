using System.Reflection;

namespace Orleans.Dataflow.Silo.Loading;

/// <summary>A public static member of a flow assembly that gives a <see cref="Dataflow"/>: a method, property or field.</summary>
/// <param name="Member">The method (no parameters, or one <c>IReadOnlyDictionary&lt;string, string&gt;</c> of args), property or field.</param>
internal sealed record FlowEntryPoint(MemberInfo Member)
{
    /// <summary>The member's name, which is what <c>--flow</c> usually gives.</summary>
    public string Name => Member.Name;

    /// <summary>The namespace-qualified type and member name, e.g. <c>MyFlows.Sales.Daily</c>; nested types are separated by a period.</summary>
    public string QualifiedName => $"{Member.DeclaringType!.FullName!.Replace('+', '.')}.{Member.Name}";

    /// <summary>The type name and member name, e.g. <c>Sales.Daily</c>.</summary>
    public string ShortName => $"{Member.DeclaringType!.Name}.{Member.Name}";

    /// <summary>Whether <paramref name="name"/> names this entry point: its member name, type.member, or qualified name (ordinal).</summary>
    public bool Matches(string name)
        => string.Equals(name, Name, StringComparison.Ordinal)
            || string.Equals(name, ShortName, StringComparison.Ordinal)
            || string.Equals(name, QualifiedName, StringComparison.Ordinal);

    /// <summary>Calls the member and returns its flow; a method taking args gets <paramref name="args"/>.</summary>
    /// <exception cref="TargetInvocationException">The member threw.</exception>
    public Dataflow? Invoke(IReadOnlyDictionary<string, string> args) => Member switch
    {
        MethodInfo method => (Dataflow?)method.Invoke(null, method.GetParameters().Length == 0 ? [] : [args]),
        PropertyInfo property => (Dataflow?)property.GetValue(null),
        FieldInfo field => (Dataflow?)field.GetValue(null),
        _ => throw new InvalidOperationException($"unsupported member {Member}"),
    };
}
