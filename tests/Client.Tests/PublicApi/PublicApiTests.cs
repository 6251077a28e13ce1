using Orleans.Dataflow.Tests.PublicApi;

namespace Orleans.Dataflow.Client.Tests.PublicApi;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_ComparedWithApprovedFile_IsUnchanged()
        => PublicApiText.Verify(typeof(DataflowClientOptions).Assembly, "Client.approved.txt");

    [Fact]
    public void Client_References_OnlyAbstractionsOfOurProjects()
    {
        var ours = typeof(DataflowClientOptions).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("Orleans.", StringComparison.Ordinal))
            .Select(a => a.Name);
        Assert.All(ours, name => Assert.Equal("Orleans.Dataflow.Abstractions", name));
    }
}
