namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A clock that stands still until told to move, optionally moving by a fixed step on every read.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ManualClock(DateTimeOffset start, TimeSpan stepPerRead = default) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            _now += stepPerRead;
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
