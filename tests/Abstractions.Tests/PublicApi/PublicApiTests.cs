using Orleans.Dataflow.Tests.PublicApi;

namespace Orleans.Dataflow.Abstractions.Tests.PublicApi;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_ComparedWithApprovedFile_IsUnchanged()
        => PublicApiText.Verify(typeof(Dataflow).Assembly, "Abstractions.approved.txt");

    [Fact]
    public void Abstractions_References_NoOtherProjectAssembly()
    {
        var ours = typeof(Dataflow).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("Orleans.", StringComparison.Ordinal))
            .Select(a => a.Name);
        Assert.Empty(ours);
    }
}
