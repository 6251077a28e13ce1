using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>The executions this silo takes part in, by execution id: the flow object and options its partition and frontier grains run with.</summary>
/// <remarks>
/// A flow is C# code, not data: every silo of a cluster must have loaded the same flow and registered it under the
/// same execution id before the execution starts (the host that runs a flow does so on its silo; a test cluster's
/// silos share one catalog). Thread-safe.
/// </remarks>
public sealed partial class DataflowExecutionCatalog : IDisposable
{
    private readonly ConcurrentDictionary<string, ExecutionEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ExecutionEntry>> _awaited = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ExecutionEntry>>> _loading = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IDisposable> _code = new(StringComparer.Ordinal);
    private readonly IFlowSourceLoader? _sourceLoader;

    /// <summary>A catalog of flows that hosts register themselves, and, with <paramref name="sourceLoader"/>, of flows that clients submit with their code.</summary>
    public DataflowExecutionCatalog(IFlowSourceLoader? sourceLoader = null)
    {
        _sourceLoader = sourceLoader;
    }

    /// <summary>The registration of <paramref name="deployment"/>'s execution, loading its flow from the code that travelled with it when this silo has not yet; loads of one execution are shared.</summary>
    /// <exception cref="InvalidOperationException">The deployment carries no code and this silo did not load the flow, or this silo accepts no code (no <see cref="IFlowSourceLoader"/>).</exception>
    public async Task<ExecutionEntry> LoadAsync(Flows.FlowDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var executionId = deployment.ExecutionId;
        if (_entries.TryGetValue(executionId, out var entry))
        {
            return entry;
        }

        if (deployment.Definition.Source is null)
        {
            return Get(executionId);
        }

        var loader = _sourceLoader ?? throw new InvalidOperationException(
            $"execution '{executionId}' carries its code, but this silo accepts none: register an {nameof(IFlowSourceLoader)} (the Silo's serve does)");
        var loading = _loading.GetOrAdd(executionId, _ => new Lazy<Task<ExecutionEntry>>(() => Task.Run(() =>
        {
            var loaded = loader.Load(deployment);
            if (_entries.TryGetValue(executionId, out var registered))
            {
                Release(loaded.Options, loaded.Code);
                return registered;
            }

            if (loaded.Code is { } code)
            {
                _code[executionId] = code;
            }

            return Register(executionId, loaded.Flow, loaded.Options);
        })));
        try
        {
            return await loading.Value;
        }
        catch
        {
            // A load that failed (a compile error, a store that could not be opened) is tried again by the next call.
            _loading.TryRemove(new KeyValuePair<string, Lazy<Task<ExecutionEntry>>>(executionId, loading));
            throw;
        }
    }

    /// <summary>Registers <paramref name="flow"/> with <paramref name="options"/> as execution <paramref name="executionId"/>.</summary>
    /// <param name="executionId">The execution's id, the same on every silo.</param>
    /// <param name="flow">The flow as this silo loaded it.</param>
    /// <param name="options">The options; <see cref="ExecutionOptions.WorkerCount"/> is the execution's partition count.</param>
    /// <param name="shared">Whether other processes loaded the flow on their own (<c>run -i/-a</c>), so that partitions must check they all run the same.</param>
    /// <exception cref="InvalidOperationException">That execution id is registered already.</exception>
    public ExecutionEntry Register(string executionId, Dataflow flow, ExecutionOptions options, bool shared = false)
    {
        var entry = new ExecutionEntry(executionId, flow, options, shared);
        if (!_entries.TryAdd(executionId, entry))
        {
            throw new InvalidOperationException($"execution '{executionId}' is registered on this silo already");
        }

        if (options.Recovery is { } store)
        {
            LogStoreOpened(Log, executionId, flow.Id, store.ToString() ?? store.GetType().Name);
        }

        if (_awaited.TryRemove(executionId, out var waiting))
        {
            waiting.TrySetResult(entry);
        }

        return entry;
    }

    /// <summary>Where the catalog logs the stores its executions opened: the silo's logging once <see cref="DataflowSiloBuilderExtensions.AddDataflow"/> has built it.</summary>
    internal ILogger Log { get; set; } = NullLogger.Instance;

    /// <summary>The registration of <paramref name="executionId"/>.</summary>
    /// <exception cref="InvalidOperationException">This silo has no such execution: it did not load the flow.</exception>
    public ExecutionEntry Get(string executionId)
        => _entries.TryGetValue(executionId, out var entry) ? entry
            : throw new InvalidOperationException($"execution '{executionId}' is not registered on this silo: every silo must load the flow before it runs");

    /// <summary>The registration of <paramref name="executionId"/>, waiting up to <paramref name="wait"/> for it: a process of a shared execution registers its flow once the cluster has formed, which may be just after another process started the execution.</summary>
    /// <exception cref="InvalidOperationException">This silo has no such execution after the wait.</exception>
    public async Task<ExecutionEntry> GetAsync(string executionId, TimeSpan wait)
    {
        if (_entries.TryGetValue(executionId, out var entry))
        {
            return entry;
        }

        var registered = _awaited.GetOrAdd(executionId, _ => new TaskCompletionSource<ExecutionEntry>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        if (_entries.TryGetValue(executionId, out entry))
        {
            return entry;
        }

        return await Task.WhenAny(registered, Task.Delay(wait)) == registered ? await registered : Get(executionId);
    }

    /// <summary>Forgets <paramref name="executionId"/>, which ended, when this silo loaded it from its code: closes the recovery store it opened for it (the store's lock goes with it) and lets the code go (<see cref="LoadedFlow.Code"/>). Does nothing for an execution a host registered, or one unloaded already.</summary>
    /// <remarks>The code's load context is collected once the grains that ran the execution here have let their references go too: its partitions when it ended, its frontier when its flow is deleted.</remarks>
    public void Unload(string executionId)
    {
        if (_loading.ContainsKey(executionId) && _entries.TryRemove(executionId, out var entry))
        {
            _loading.TryRemove(executionId, out _);
            Release(entry.Options, _code.TryRemove(executionId, out var code) ? code : null);
        }
    }

    /// <summary>Closes the recovery stores this silo opened for the code it loaded (their locks go with them) and lets that code go, when the silo's host is disposed: a silo started again in this process opens them anew.</summary>
    public void Dispose()
    {
        foreach (var executionId in _loading.Keys)
        {
            Unload(executionId);
        }
    }

    /// <summary>Forgets <paramref name="executionId"/> once it has ended.</summary>
    public void Remove(string executionId)
    {
        _entries.TryRemove(executionId, out _);
        _loading.TryRemove(executionId, out _);
    }

    /// <summary>Closes the store opened for a loaded flow and lets its code go.</summary>
    private static void Release(ExecutionOptions options, IDisposable? code)
    {
        (options.Recovery as IDisposable)?.Dispose();
        code?.Dispose();
    }

    [LoggerMessage(EventId = DataflowEventIds.RecoveryStoreOpened, Level = LogLevel.Information, Message = "Execution '{Execution}' of flow '{Flow}' opened recovery store {Store}")]
    private static partial void LogStoreOpened(ILogger logger, string execution, string flow, string store);
}
