namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>How a C# block of the documentation runs, by the word after <c>```csharp</c>.</summary>
internal enum DocCodeBlockKind
{
    /// <summary><c>```csharp</c>: a flow script, run as <c>run FILE.csx</c> runs it, from the repository root.</summary>
    FlowScript,

    /// <summary><c>```csharp program</c>: a program's top-level statements with their usings, run against the Orleans.Dataflow assemblies.</summary>
    Program,

    /// <summary><c>```csharp no-run</c>: a fragment or a file of another project; not compiled here.</summary>
    NoRun,
}
