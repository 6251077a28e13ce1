using System.Runtime.Loader;

namespace Orleans.Dataflow.Silo.Loading;

/// <summary>The collectible load context a flow's code was loaded into: disposing it unloads the context, which the runtime collects once nothing refers to the flow's types, delegates or objects any more.</summary>
/// <remarks>Disposing forgets the context, so that this handle, which may outlive the flow, does not keep it alive. Thread-safe; disposing twice does nothing.</remarks>
internal sealed class FlowCode(AssemblyLoadContext context) : IDisposable
{
    private AssemblyLoadContext? _context = context;

    /// <summary>Starts unloading the context.</summary>
    public void Dispose() => Interlocked.Exchange(ref _context, null)?.Unload();
}
