using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Loading;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Runs a C# block of the documentation the way a reader would, from the repository root, and returns what it printed.</summary>
/// <remarks>Swaps <see cref="Console.Out"/> and the current directory, so only call it from tests in <see cref="ConsoleCollection"/>.</remarks>
internal static class DocCodeRunner
{
    // What a console project's ImplicitUsings imports: a program block must bring every other using itself.
    private static readonly string[] _implicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Lazy<ScriptOptions> _programOptions = new(() => ScriptOptions.Default
        .AddReferences(typeof(Dataflow).Assembly, typeof(ExecutionOptions).Assembly, typeof(DataflowRunner).Assembly, typeof(TestingHost.TestCluster).Assembly)
        .WithImports(_implicitUsings));

    /// <summary>Runs <paramref name="block"/> with <paramref name="args"/> (a flow script's <c>--arg</c> values); returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">The block does not compile; the message holds every compiler error and the block's place.</exception>
    public static string Run(DocCodeBlock block, int workers = 1, IReadOnlyDictionary<string, string>? args = null)
    {
        using var directory = new TempDirectory();
        var output = new StringWriter { NewLine = "\n" };
        var original = Console.Out;
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            Console.SetOut(output);
            Environment.CurrentDirectory = RepositoryPaths.Root;
            switch (block.Kind)
            {
                case DocCodeBlockKind.FlowScript:
                    var script = directory.Write($"block{block.Line}.csx", block.Code);
                    DataflowRunner.RunMain(LoadFlow(block, script, args), new RunOptions { WorkerCount = workers });
                    break;
                case DocCodeBlockKind.Program:
                    RunProgram(block);
                    break;
                default:
                    throw new InvalidOperationException($"{block} is marked no-run");
            }
        }
        finally
        {
            Console.SetOut(original);
            Environment.CurrentDirectory = previousDirectory;
        }

        return output.ToString();
    }

    private static Dataflow LoadFlow(DocCodeBlock block, string script, IReadOnlyDictionary<string, string>? args)
    {
        try
        {
            return FlowLoader.Load(script, args);
        }
        catch (FlowLoadException e) when (e.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException($"{block} does not compile as a flow script:\n{string.Join('\n', e.Diagnostics)}", e);
        }
    }

    private static void RunProgram(DocCodeBlock block)
    {
        try
        {
            CSharpScript.RunAsync(block.Code, _programOptions.Value).GetAwaiter().GetResult();
        }
        catch (CompilationErrorException e)
        {
            throw new InvalidOperationException($"{block} does not compile as a program:\n{string.Join('\n', e.Diagnostics)}", e);
        }
    }
}
