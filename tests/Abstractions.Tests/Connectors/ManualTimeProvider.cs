namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>A clock that stands still until told to move, for polling-schedule tests.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}
