using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>The executions this silo takes part in, by execution id: the flow object and options its partition and frontier grains run with.</summary>
/// <remarks>
/// A flow is C# code, not data: every silo of a cluster must have loaded the same flow and registered it under the
/// same execution id before the execution starts (the host that runs a flow does so on its silo; a test cluster's
/// silos share one catalog). Thread-safe.
/// </remarks>
public sealed class DataflowExecutionCatalog
{
    private readonly ConcurrentDictionary<string, ExecutionEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="flow"/> with <paramref name="options"/> as execution <paramref name="executionId"/>.</summary>
    /// <exception cref="InvalidOperationException">That execution id is registered already.</exception>
    public ExecutionEntry Register(string executionId, Dataflow flow, ExecutionOptions options)
    {
        var entry = new ExecutionEntry(executionId, flow, options);
        if (!_entries.TryAdd(executionId, entry))
        {
            throw new InvalidOperationException($"execution '{executionId}' is registered on this silo already");
        }

        return entry;
    }

    /// <summary>The registration of <paramref name="executionId"/>.</summary>
    /// <exception cref="InvalidOperationException">This silo has no such execution: it did not load the flow.</exception>
    public ExecutionEntry Get(string executionId)
        => _entries.TryGetValue(executionId, out var entry) ? entry
            : throw new InvalidOperationException($"execution '{executionId}' is not registered on this silo: every silo must load the flow before it runs");

    /// <summary>Forgets <paramref name="executionId"/> once it has ended.</summary>
    public void Remove(string executionId) => _entries.TryRemove(executionId, out _);
}
