using Orleans.Dataflow.Connectors;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>The partition of <see cref="RandomMetricSource"/>: one value per interval, the count, resume.</summary>
public sealed class RandomMetricSourceTests
{
    [Fact]
    public void NextBatch_ZeroInterval_EmitsCountValuesNamedByTheMetricThenEnds()
    {
        var next = 0.0;
        var source = new RandomMetricSource("cpu", TimeSpan.Zero, count: 3, nextRandom: () => next++);
        using var partition = source.BuildPart("test.in", source.ListParts().Single(), 0);
        var values = new List<(string Metric, double Value)>();

        while (partition.NextBatch(values))
        {
        }

        Assert.Equal(["cpu"], source.ListParts());
        Assert.Equal([("cpu", 0.0), ("cpu", 1.0), ("cpu", 2.0)], values);
        Assert.Equal(3L, partition.Snapshot());
    }

    [Fact]
    public void NextBatch_BeforeTheIntervalHasPassed_EmitsNothingAndWakesAtTheNextDueTime()
    {
        var source = new RandomMetricSource("cpu", TimeSpan.FromHours(1));
        using var partition = source.BuildPart("test.in", "cpu", 0);
        var first = new List<(string Metric, double Value)>();
        var second = new List<(string Metric, double Value)>();

        partition.NextBatch(first);
        var more = partition.NextBatch(second);

        Assert.Single(first);
        Assert.InRange(first[0].Value, 0, 9);
        Assert.Empty(second);
        Assert.True(more);
        Assert.True(partition.NextAwake() > DateTimeOffset.UtcNow.AddMinutes(59));
    }

    [Fact]
    public void BuildPart_ResumedAfterTwoOfFive_EmitsTheOtherThree()
    {
        var source = new RandomMetricSource("cpu", TimeSpan.Zero, count: 5);
        using var partition = source.BuildPart("test.in", "cpu", 2);
        var values = new List<(string Metric, double Value)>();

        while (partition.NextBatch(values))
        {
        }

        Assert.Equal(3, values.Count);
        Assert.Equal(5L, partition.Snapshot());
    }
}
