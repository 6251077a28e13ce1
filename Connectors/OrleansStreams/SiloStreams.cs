using Microsoft.Extensions.DependencyInjection;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Streams;

namespace Orleans.Dataflow.OrleansStreams;

/// <summary>Finds a stream through the stream provider of the silo whose partition runs on the calling thread.</summary>
internal static class SiloStreams
{
    /// <summary>Stream <paramref name="key"/> of <paramref name="streamNamespace"/> in provider <paramref name="provider"/>.</summary>
    /// <exception cref="InvalidOperationException">The calling thread is not a partition's worker thread on a silo, or the silo has no such provider.</exception>
    public static IAsyncStream<T> Get<T>(string connector, string provider, string streamNamespace, string key)
    {
        var services = PartitionServices.Current ?? throw new InvalidOperationException(
            $"{connector} reads and writes Orleans streams, so it runs only on the silos of an Orleans cluster (AddDataflow(): a TestCluster, run, serve), not in an in-process run");
        var streams = services.GetKeyedService<IStreamProvider>(provider) ?? throw new InvalidOperationException(
            $"{connector}: this silo has no stream provider named '{provider}': add it to every silo (for example siloBuilder.AddMemoryStreams(\"{provider}\"))");
        return streams.GetStream<T>(StreamId.Create(streamNamespace, key));
    }
}
