namespace Orleans.Dataflow.Connectors;

/// <summary>A source that asks an external system for one item at a fixed interval (an HTTP endpoint, a sensor), with no state of its own.</summary>
/// <remarks>
/// Subclasses implement only <see cref="SimplePollingSource{T,TState}.NextItem"/>. Schedule, alignment,
/// retries and EOF are as in <see cref="SimplePollingSource{T,TState}"/>; a resumed run simply polls again.
/// Derive from <see cref="SimplePollingSource{T,TState}"/> instead to keep a resumable state.
/// </remarks>
/// <typeparam name="T">The items polled.</typeparam>
public abstract class SimplePollingSource<T> : SimplePollingSource<T, object>
{
    /// <summary>Creates a source that polls every <paramref name="interval"/>, optionally aligned to <paramref name="alignTo"/>.</summary>
    /// <param name="interval">The time between scheduled polls; zero to poll as often as the engine asks; not negative.</param>
    /// <param name="alignTo">When given, polls happen at this time plus a whole number of intervals (e.g. on the hour); needs a positive interval.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null. Tests pass a fake.</param>
    protected SimplePollingSource(TimeSpan interval, DateTimeOffset? alignTo = null, TimeProvider? timeProvider = null)
        : base(interval, alignTo, timeProvider)
    {
    }

    /// <summary>Always null: this source keeps no state.</summary>
    protected sealed override object? SnapshotState() => null;

    /// <summary>Never called with a state, since none is ever saved.</summary>
    protected sealed override void Resume(object state)
    {
    }
}
