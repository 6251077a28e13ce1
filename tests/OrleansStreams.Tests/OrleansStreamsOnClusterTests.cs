using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.OrleansStreams.Tests;

/// <summary>An Orleans application feeds flows through memory streams and subscribes to their results, on two silos.</summary>
public sealed class OrleansStreamsOnClusterTests(MemoryStreamsCluster app) : IClassFixture<MemoryStreamsCluster>
{
    private const string EndMarker = "<end>";

    private static readonly ExecutionOptions _options = new() { EpochInterval = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task OrleansStreamSource_TwoStreamsOnTwoWorkers_FeedTheFlowWhoseSinkResultsTheAppReceivesExactly()
    {
        var inputs = $"words-{Guid.NewGuid():N}";
        var outputs = $"counts-{Guid.NewGuid():N}";
        var flow = new Dataflow("stream-wordcount");
        flow.Input("words", new OrleansStreamSource<string>(MemoryStreamsCluster.Streams, inputs, ["a", "b"], isEnd: word => word == EndMarker))
            .CountFinal("count", word => word)
            .Map("format", count => $"{count.Key}={count.Value}")
            .Output("out", new OrleansStreamSink<string>(MemoryStreamsCluster.Streams, outputs, "all"));
        var provider = app.Client.GetStreamProvider(MemoryStreamsCluster.Streams);
        var results = await StreamCollector<string>.SubscribeAsync(provider.GetStream<string>(StreamId.Create(outputs, "all")));

        var run = ClusterExecution.RunAsync(app.Client, app.Catalog, flow, _options, partitionCount: 2);
        await app.WaitForSubscriptionsAsync(MemoryStreamsCluster.Streams, inputs, "a", 1);
        await app.WaitForSubscriptionsAsync(MemoryStreamsCluster.Streams, inputs, "b", 1);
        var sent = new Dictionary<string, List<string>>
        {
            ["a"] = Enumerable.Range(0, 3000).Select(i => $"w{i % 37}").ToList(),
            ["b"] = Enumerable.Range(0, 2000).Select(i => $"w{i % 53}").ToList(),
        };
        foreach (var (key, words) in sent)
        {
            var stream = provider.GetStream<string>(StreamId.Create(inputs, key));
            foreach (var chunk in words.Chunk(100))
            {
                await stream.OnNextBatchAsync(chunk);
            }

            await stream.OnNextAsync(EndMarker);
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        var expected = sent.Values.SelectMany(words => words).CountBy(word => word).Select(count => $"{count.Key}={count.Value}").Order().ToList();
        var received = await results.WaitForAsync(expected.Count, TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(expected, received.Order());
    }

    [Fact]
    public async Task OrleansStreamSink_QueueFull_RetriesUntilTakenAndEveryRecordArrivesOnceInOrder()
    {
        // A memory stream queue refuses messages past 16384; with its reader held, a sink publishing one item per batch fills it.
        const int Count = 17_000;
        var outputs = $"numbers-{Guid.NewGuid():N}";
        var flow = new Dataflow("stream-full-queue");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(0, Count), batchSize: 1))
            .Output("out", new OrleansStreamSink<int>(MemoryStreamsCluster.HeldStreams, outputs, "all", new OrleansStreamSinkOptions { MaxBackoff = TimeSpan.FromMilliseconds(100) }));
        var provider = app.Client.GetStreamProvider(MemoryStreamsCluster.HeldStreams);
        var results = await StreamCollector<int>.SubscribeAsync(provider.GetStream<int>(StreamId.Create(outputs, "all")));
        var retried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var retries = new MeterListener();
        retries.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == OrleansStreamsMeters.SinkRetriesName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        retries.SetMeasurementEventCallback<long>((_, _, _, _) => retried.TrySetResult());
        retries.Start();

        var run = ClusterExecution.RunAsync(app.Client, app.Catalog, flow, _options, partitionCount: 1);
        // Bounds against a hang, not timings: filling the queue is 16,384 grain calls, which took over 25 s once on a
        // 2-core machine running every test project at once.
        await Task.WhenAny(retried.Task, run).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.False(run.IsCompleted, run.IsFaulted ? run.Exception!.ToString() : "the run ended while the queue was held");
        await app.ReleaseHeldStreamsAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        var received = await results.WaitForAsync(Count, TimeSpan.FromSeconds(15));

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Enumerable.Range(0, Count), received);
    }

    [Fact]
    public async Task OrleansStreamSource_FlowSlowerThanDeliveries_RefusesWhatItsBufferCannotHoldAndReadsEveryItemOnceInOrder()
    {
        // Two items of room, one taken per read, 150 ms per item: a delivery waits past its 100 ms and is refused, and
        // the provider delivers the batch again, of which the items already taken must be skipped.
        const int Count = 12;
        var inputs = $"slow-{Guid.NewGuid():N}";
        var outputs = $"slow-out-{Guid.NewGuid():N}";
        var options = new OrleansStreamSourceOptions { BufferCapacity = 2, MaxBatchSize = 1, DeliveryWait = TimeSpan.FromMilliseconds(100) };
        var flow = new Dataflow("stream-slow-flow");
        flow.Input("numbers", new OrleansStreamSource<int>(MemoryStreamsCluster.Streams, inputs, ["only"], isEnd: n => n < 0, options))
            .Map("slow", n =>
            {
                Thread.Sleep(150);
                return n;
            })
            .Output("out", new OrleansStreamSink<int>(MemoryStreamsCluster.Streams, outputs, "all"));
        var provider = app.Client.GetStreamProvider(MemoryStreamsCluster.Streams);
        var results = await StreamCollector<int>.SubscribeAsync(provider.GetStream<int>(StreamId.Create(outputs, "all")));
        using var refusals = new MeterListener();
        var refused = 0L;
        refusals.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == OrleansStreamsMeters.DeliveriesRefusedName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        refusals.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refused, value));
        refusals.Start();

        var run = ClusterExecution.RunAsync(app.Client, app.Catalog, flow, _options, partitionCount: 1);
        await app.WaitForSubscriptionsAsync(MemoryStreamsCluster.Streams, inputs, "only", 1);
        await provider.GetStream<int>(StreamId.Create(inputs, "only")).OnNextBatchAsync([.. Enumerable.Range(0, Count), -1]);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(25));
        var received = await results.WaitForAsync(Count, TimeSpan.FromSeconds(5));

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Enumerable.Range(0, Count), received);
        Assert.True(Interlocked.Read(ref refused) > 0, "no delivery was refused: the buffer was never full for long");
    }
}
