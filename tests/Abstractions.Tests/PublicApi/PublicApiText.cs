using System.Reflection;
using System.Text;

namespace Orleans.Dataflow.Tests.PublicApi;

/// <summary>Renders the public surface of an assembly as sorted text lines, so that every API change shows as a diff of an approved file.</summary>
internal static class PublicApiText
{
    public static string Of(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').AppendLine(Name(type));
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } || m.Name.StartsWith("op_", StringComparison.Ordinal))
                .Where(m => m is not Type)
                .Select(Describe)
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                text.Append("  ").AppendLine(member);
            }
        }

        return text.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>Compares the surface with the approved file; on a difference writes a .received file beside it and fails.</summary>
    public static void Verify(Assembly assembly, string approvedFile, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
    {
        var actual = Of(assembly);
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, approvedFile);
        var approved = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (actual != approved)
        {
            File.WriteAllText(Path.ChangeExtension(path, ".received.txt"), actual);
            Assert.Fail($"the public API of {assembly.GetName().Name} changed; review {Path.ChangeExtension(path, ".received.txt")} and copy it over {path} if the change is intended");
        }
    }

    private static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{(m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal ? "virtual " : string.Empty)}{Name(m.ReturnType)} {m.Name}{Generics(m)}({Parameters(m)})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : string.Empty)}{(p.SetMethod?.IsPublic == true ? " set;" : string.Empty)} }}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => member.ToString() ?? member.Name,
    };

    private static string Generics(MethodInfo method)
        => method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : string.Empty;

    private static string Parameters(MethodBase method)
        => string.Join(", ", method.GetParameters().Select(p => $"{(p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty)}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var arguments = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0);
        return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", arguments.Select(Name))}>";
    }
}
