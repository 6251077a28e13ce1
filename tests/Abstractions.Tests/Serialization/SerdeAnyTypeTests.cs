using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Serialization;

/// <summary>The default serde works for the record types users write, with no attributes or registration.</summary>
public sealed class SerdeAnyTypeTests
{
    [Fact]
    public void Serde_PositionalRecord_RoundTrips()
    {
        var value = new Reading("s1", DateTimeOffset.Parse("2024-03-01T12:00:00.352Z"), 4.5m, Unit.Celsius);
        Assert.Equal(value, RoundTrip(value));
    }

    [Fact]
    public void Serde_RecordStruct_RoundTrips()
    {
        var value = new Point(3, -4);
        Assert.Equal(value, RoundTrip(value));
    }

    [Fact]
    public void Serde_ClassWithPrivateSetters_KeepsEveryValue()
    {
        var value = Account.Open("acme", 42);
        var back = RoundTrip(value);
        Assert.Equal(("acme", 42L), (back.Owner, back.Balance));
    }

    [Fact]
    public void Serde_ClassWithPrivateFields_KeepsEveryValue()
    {
        var value = new Counter();
        value.Add(7);
        Assert.Equal(7, RoundTrip(value).Total);
    }

    [Fact]
    public void Serde_AnonymousType_RoundTrips()
    {
        var value = new { Name = "a", Count = 2 };
        Assert.Equal(value, RoundTrip(value));
    }

    [Fact]
    public void Serde_TupleOfRecordAndList_RoundTrips()
    {
        (string Key, List<Point> Points) value = ("k", [new Point(1, 2), new Point(3, 4)]);
        var back = RoundTrip(value);
        Assert.Equal(value.Key, back.Key);
        Assert.Equal(value.Points, back.Points);
    }

    [Fact]
    public void Serde_GuidDecimalAndNullable_RoundTrip()
    {
        var value = (Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 1.25m, (int?)null);
        Assert.Equal(value, RoundTrip(value));
    }

    private static T RoundTrip<T>(T value)
    {
        var serde = Serde.For<T>();
        return serde.Deserialize(serde.ToBytes(value));
    }

    public enum Unit
    {
        Celsius,
        Fahrenheit,
    }

    public sealed record Reading(string Sensor, DateTimeOffset At, decimal Value, Unit Unit);

    public readonly record struct Point(int X, int Y);

    public sealed class Account
    {
        public string Owner { get; private set; } = string.Empty;

        public long Balance { get; private set; }

        public static Account Open(string owner, long balance) => new() { Owner = owner, Balance = balance };
    }

    public sealed class Counter
    {
        private int _total;

        public int Total => _total;

        public void Add(int amount) => _total += amount;
    }
}
