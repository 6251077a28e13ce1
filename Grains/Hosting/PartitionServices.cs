namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>The services of the silo whose partition runs on the calling thread: how a connector built on a worker thread reaches its silo's Orleans services (stream providers, the cluster client).</summary>
/// <remarks>
/// Sources and sinks are built by the engine on a partition's worker thread, through the Abstractions' build methods,
/// which know nothing of silos; so the partition grain publishes its silo's services to its worker thread for the whole
/// run. Null on every other thread, and in an in-process run (<c>DataflowExecution.Run</c>), which has no silo. The
/// worker thread is not a grain turn: calls made from it go through the silo's hosted client, as an external client's would.
/// </remarks>
public static class PartitionServices
{
    [ThreadStatic]
    private static IServiceProvider? _current;

    /// <summary>The silo's services when called on a partition's worker thread; null elsewhere.</summary>
    public static IServiceProvider? Current => _current;

    /// <summary>Publishes <paramref name="services"/> to the calling worker thread until the returned scope is disposed.</summary>
    internal static Scope Enter(IServiceProvider services)
    {
        var previous = _current;
        _current = services;
        return new Scope(previous);
    }

    /// <summary>Restores what the thread saw before <see cref="Enter"/>.</summary>
    internal readonly struct Scope(IServiceProvider? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
