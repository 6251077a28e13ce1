using System.Runtime.CompilerServices;
using Orleans.Dataflow.Silo.Scripting;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Gives the test run a compiled-script cache of its own, shared by the silo processes the tests start (they inherit the variable) and removed when the run ends.</summary>
/// <remarks>
/// Without it the tests would fill the user's cache with an entry for every temporary script they write. With it
/// a script that many processes run (<c>samples/wordcount.csx</c>) is compiled once per run, not once per process.
/// </remarks>
internal static class TestRunScriptCache
{
    /// <summary>Points <see cref="CompiledScriptCache.DirectoryVariable"/> at a fresh temporary folder before any test runs.</summary>
#pragma warning disable CA2255 // A test assembly's setup: no test framework hook runs before the first test class in xUnit 2.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Use()
    {
        var directory = Path.Combine(Path.GetTempPath(), "silo-tests-scripts-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable(CompiledScriptCache.DirectoryVariable, directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A silo process still writing: the system's temporary folder is cleaned eventually.
            }
        };
    }
}
