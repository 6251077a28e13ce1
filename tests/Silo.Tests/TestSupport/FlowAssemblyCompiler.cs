using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Compiles C# source into a flow assembly on disk, the way a user's Flows.dll would be built.</summary>
internal static class FlowAssemblyCompiler
{
    private static readonly Lazy<MetadataReference[]> _references = new(() =>
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return
        [
            .. Directory.GetFiles(framework, "System*.dll").Concat([Path.Combine(framework, "netstandard.dll")])
                .Where(IsManaged)
                .Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(Dataflow).Assembly.Location),
        ];
    });

    /// <summary>Compiles <paramref name="source"/> to <c>{directory}/{assemblyName}.dll</c> and returns its path.</summary>
    public static string Compile(string directory, string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            _references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(directory, assemblyName + ".dll");
        using (var stream = File.Create(path))
        {
            var result = compilation.Emit(stream);
            if (!result.Success)
            {
                throw new InvalidOperationException("test flow assembly does not compile:\n"
                    + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }
        }

        return path;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
