using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>Every C# block of README.md and docs/ that is marked runnable compiles and runs, so the documentation cannot drift from the code.</summary>
/// <remarks>The marker convention is in docs/contributing-docs.md; what particular blocks print is checked in <see cref="ReadmeTests"/>.</remarks>
[Collection(ConsoleCollection.Name)]
public sealed class DocCodeBlockTests
{
    public static TheoryData<string, int> RunnableBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var block in DocCodeBlock.All.Where(block => block.Kind != DocCodeBlockKind.NoRun))
        {
            data.Add(block.File, block.Line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunnableBlocks))]
    public void DocCodeBlock_MarkedRunnable_CompilesAndRuns(string file, int line)
    {
        var block = Assert.Single(DocCodeBlock.All, block => block.File == file && block.Line == line);

        DocCodeRunner.Run(block);
    }

    [Fact]
    public void DocCodeBlocks_OfTheReadme_AreFoundWithTheirMarkers()
    {
        var readme = DocCodeBlock.Of("README.md").ToList();

        Assert.Contains(readme, block => block.Kind == DocCodeBlockKind.FlowScript);
        Assert.Contains(readme, block => block.Kind == DocCodeBlockKind.Program);
        Assert.Contains(readme, block => block.Kind == DocCodeBlockKind.NoRun);
    }
}
