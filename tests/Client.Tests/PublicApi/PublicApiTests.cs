using Orleans.Dataflow.Tests.PublicApi;

namespace Orleans.Dataflow.Client.Tests.PublicApi;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_ComparedWithApprovedFile_IsUnchanged()
        => PublicApiText.Verify(typeof(DataflowClientOptions).Assembly, "Client.approved.txt");

    [Fact]
    public void Client_References_OfOurProjects_OnlyAbstractionsAndTheGrainInterfaces()
    {
        // The grain interfaces and their records live in Grains; the client never references the Silo (Roslyn, SQLite, Npgsql).
        var ours = typeof(DataflowClientOptions).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("Orleans.Dataflow.", StringComparison.Ordinal))
            .Select(a => a.Name);
        Assert.All(ours, name => Assert.Contains(name, new[] { "Orleans.Dataflow.Abstractions", "Orleans.Dataflow.Grains" }));
    }
}
