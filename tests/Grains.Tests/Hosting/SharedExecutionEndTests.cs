using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Dataflow.Grains.Tests.Hosting;

/// <summary>The end of a shared execution, which every process waits for on the one flow grain, is recorded once: a failure is logged and counted once, not once per waiting process.</summary>
/// <remarks>The flow records are written slowly, as a database writes them (shared clustering keeps them in PostgreSQL): the waits then interleave with the first one's write.</remarks>
public sealed class SharedExecutionEndTests
{
    private const string FlowId = "shared-failure";
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Failure_OfAnExecutionTwoProcessesWaitFor_BothFailWithIt_AndItIsLoggedAndCountedOnce()
    {
        using var failures = new FailureCount(FlowId);
        var logged = new FailedLogCount();
        await using var cluster = await DataflowTestSilos.StartAsync(silos: 2, silo =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(FlowStorage.Name, (services, _) => new SlowWrites(new SiloMemoryGrainStorage(services.GetRequiredService<DeepCopier>())));
            silo.Services.AddLogging(logging => logging.AddProvider(logged));
        });
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(50) };

        var (running, joining) = SharedExecutions.Start(cluster, Flow, options, partitionCount: 2, $"{FlowId}@cluster", startupTimeout: _noHang);

        var runError = await Assert.ThrowsAsync<DataflowException>(() => running.WaitAsync(_noHang));
        var joinError = await Assert.ThrowsAsync<DataflowException>(() => joining.WaitAsync(_noHang));
        Assert.Contains("poison 50", runError.ToString(), StringComparison.Ordinal);
        Assert.Contains("poison 50", joinError.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, logged.Count);
        Assert.Equal(1, failures.Total);
    }

    /// <summary>Reads 0..99 over about two seconds, so both processes wait before the map throws on 50.</summary>
    private static Dataflow Flow()
    {
        var flow = new Dataflow(FlowId);
        flow.Input("numbers", new TestingSource<int>(SubmittedFlows.Slowly(100, TimeSpan.FromMilliseconds(20))))
            .Map("poison", x => x == 50 ? throw new InvalidOperationException("poison 50") : x)
            .Output("out", new TestingSink<int>([]));
        return flow;
    }

    /// <summary>A grain storage whose writes take 100 ms longer.</summary>
    private sealed class SlowWrites(IGrainStorage inner) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await Task.Delay(100);
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }

    /// <summary>Counts the flow grains' "ended" log events that report this test's flow failed.</summary>
    private sealed class FailedLogCount : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == DataflowEventIds.FlowFailed && formatter(state, exception).Contains(FlowId, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Sums the engine's failure counter for one flow.</summary>
    private sealed class FailureCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public FailureCount(string flow)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DataflowMeters.MeterName && instrument.Name == DataflowMeters.FailuresName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == DataflowMeters.FlowTag && tag.Value as string == flow)
                    {
                        Interlocked.Add(ref _total, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
