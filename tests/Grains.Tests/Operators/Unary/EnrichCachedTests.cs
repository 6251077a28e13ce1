using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class EnrichCachedTests
{
    private static readonly DateTimeOffset _start = new(2024, 1, 1, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EnrichCached_RepeatedKey_LooksUpOnceAndEmitsMapperResult()
    {
        var lookup = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        var fetched = new List<string>();

        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", ["a", "b", "a"])
            .EnrichCached<string, string, int, int>("enrich", key =>
            {
                fetched.Add(key);
                return lookup[key];
            }, (cache, item) => cache.Get(item))
            .Output("out", sink));

        Assert.Equal([1, 2, 1], output);
        Assert.Equal(["a", "b"], fetched);
    }

    [Fact]
    public void EnrichCached_EntryOlderThanTtl_IsFetchedAgain()
    {
        // Every read of the clock moves it one minute on; the step reads it once per batch (batch size 1: once per item).
        var clock = new ManualClock(_start, TimeSpan.FromMinutes(1));
        var version = 0;

        var output = FlowRunner.Run<string>((h, sink) => h.Input("inp", ["a", "a", "a"])
            .EnrichCached<string, string, int, string>("enrich", _ => ++version, (cache, item) => $"{item}{cache.Get(item)}",
                ttl: TimeSpan.FromSeconds(90), clock: clock)
            .Output("out", sink));

        Assert.Equal(["a1", "a1", "a2"], output);
    }

    [Fact]
    public void EnrichCached_OneBatch_ReadsTheClockOnceForAllItems()
    {
        var clock = new ManualClock(_start, TimeSpan.FromMinutes(1));
        var version = 0;

        var output = FlowRunner.Run<string>((h, sink) => h.Input("inp", ["a", "a", "a"], batchSize: 3)
            .EnrichCached<string, string, int, string>("enrich", _ => ++version, (cache, item) => $"{item}{cache.Get(item)}",
                ttl: TimeSpan.FromSeconds(30), clock: clock)
            .Output("out", sink));

        Assert.Equal(["a1", "a1", "a1"], output);
    }

    [Fact]
    public void TtlCache_FirstGet_CallsGetter()
    {
        var cache = new TtlCache<string, int>(key => key == "a" ? 1 : 0, TimeSpan.MaxValue) { Now = _start };

        Assert.Equal(1, cache.Get("a"));
    }

    [Fact]
    public void TtlCache_SecondGetWithinTtl_ReturnsCachedValueWithoutGetter()
    {
        var lookup = new Dictionary<string, int> { ["a"] = 1 };
        var cache = new TtlCache<string, int>(key => lookup.Remove(key, out var v) ? v : throw new KeyNotFoundException(key), TimeSpan.MaxValue) { Now = _start };

        Assert.Equal(1, cache.Get("a"));
        Assert.Equal(1, cache.Get("a"));
    }

    [Fact]
    public void TtlCache_EntryOlderThanTtl_FetchesAgain()
    {
        var clock = new ManualClock(_start);
        var lookup = new Dictionary<string, int> { ["a"] = 1 };
        var cache = new TtlCache<string, int>(key => lookup[key], TimeSpan.FromMinutes(1)) { Now = clock.GetUtcNow() };
        Assert.Equal(1, cache.Get("a"));

        clock.Advance(TimeSpan.FromMinutes(2));
        cache.Now = clock.GetUtcNow();
        lookup["a"] = 3;

        Assert.Equal(3, cache.Get("a"));
    }

    [Fact]
    public void TtlCache_EntryExactlyTtlOld_IsStillCached()
    {
        var version = 0;
        var cache = new TtlCache<string, int>(_ => ++version, TimeSpan.FromMinutes(1)) { Now = _start };
        cache.Get("a");

        cache.Now = _start + TimeSpan.FromMinutes(1);

        Assert.Equal(1, cache.Get("a"));
    }

    [Fact]
    public void TtlCache_NullValue_IsCachedToo()
    {
        var calls = 0;
        var cache = new TtlCache<string, string?>(_ =>
        {
            calls++;
            return null;
        }, TimeSpan.MaxValue) { Now = _start };

        Assert.Null(cache.Get("a"));
        Assert.Null(cache.Get("a"));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void TtlCache_Remove_MakesNextGetFetchAgain()
    {
        var version = 0;
        var cache = new TtlCache<string, int>(_ => ++version, TimeSpan.MaxValue) { Now = _start };
        cache.Get("a");

        Assert.True(cache.Remove("a"));
        Assert.False(cache.Remove("a"));
        Assert.Equal(2, cache.Get("a"));
    }
}
