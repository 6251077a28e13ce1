using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>A source that asks an external system for one item at a fixed interval (an HTTP endpoint, a sensor), keeping a resumable state of its own.</summary>
/// <remarks>
/// <para>
/// One partition named "singleton", so one worker polls. Subclasses implement <see cref="NextItem"/>; the
/// state lives on the source object: <see cref="SnapshotState"/> is stored at every epoch close and handed to
/// <see cref="Resume"/> when a resumed run builds the partition, before the first poll.
/// </para>
/// <para>
/// Schedule: without an alignment the first poll is at once (when the partition is built). With one, it is at
/// the first time at or after now that is a whole number of intervals before or after the alignment time
/// (now, if now is exactly on it). Each later poll is scheduled one interval after the previous poll's
/// <em>scheduled</em> time, not after now, so the schedule does not drift; polls that fell behind are made
/// back to back. A <see cref="PollingRetryException"/> schedules the next poll its delay after the scheduled
/// time instead. A zero interval (as in Bytewax) polls as often as the engine asks: again at once after an item,
/// after the engine's short cool-down after nothing, and a retry's delay after now.
/// </para>
/// <para>
/// Time comes from the <see cref="System.TimeProvider"/> given to the constructor (the system clock by
/// default); the times returned by <see cref="StatefulSourcePartition{T,TState}.NextAwake"/> are on that clock.
/// </para>
/// </remarks>
/// <typeparam name="T">The items polled.</typeparam>
/// <typeparam name="TState">The source's own resume state; null means none.</typeparam>
public abstract class SimplePollingSource<T, TState> : FixedPartitionedSource<T, TState?>
    where TState : class
{
    private const string PartitionName = "singleton";

    private readonly TimeSpan _interval;
    private readonly DateTimeOffset? _alignTo;
    private bool _completed;

    /// <summary>Creates a source that polls every <paramref name="interval"/>, optionally aligned to <paramref name="alignTo"/>.</summary>
    /// <param name="interval">The time between scheduled polls; zero to poll as often as the engine asks; not negative.</param>
    /// <param name="alignTo">When given, polls happen at this time plus a whole number of intervals (e.g. on the hour); needs a positive interval.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null. Tests pass a fake.</param>
    protected SimplePollingSource(TimeSpan interval, DateTimeOffset? alignTo = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        if (interval == TimeSpan.Zero && alignTo is not null)
        {
            throw new ArgumentException("a polling source aligned to a time needs a positive interval; a zero interval polls as often as the engine asks", nameof(alignTo));
        }

        _interval = interval;
        _alignTo = alignTo;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The clock that schedules polls; use it in <see cref="NextItem"/> for "now" so tests control time.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <inheritdoc/>
    /// <remarks>Always the one partition "singleton".</remarks>
    public sealed override IReadOnlyList<string> ListParts() => [PartitionName];

    /// <inheritdoc/>
    /// <remarks>Calls <see cref="Resume"/> with <paramref name="resumeState"/> when it is not null, then schedules the first poll.</remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not "singleton".</exception>
    public sealed override StatefulSourcePartition<T, TState?> BuildPart(string stepId, string forPart, TState? resumeState)
    {
        if (!string.Equals(forPart, PartitionName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"a polling source has the one partition `{PartitionName}`; got `{forPart}`", nameof(forPart));
        }

        _completed = false;
        if (resumeState is not null)
        {
            Resume(resumeState);
        }

        return new Partition(this, FirstAwake(TimeProvider.GetUtcNow(), _alignTo, _interval));
    }

    /// <summary>The first scheduled poll for a partition built at <paramref name="now"/>.</summary>
    internal static DateTimeOffset FirstAwake(DateTimeOffset now, DateTimeOffset? alignTo, TimeSpan interval)
    {
        if (alignTo is not { } align)
        {
            return now;
        }

        // Floor modulo, as Python's %: the time since the last aligned instant, in [0, interval).
        var since = (now - align).Ticks % interval.Ticks;
        if (since < 0)
        {
            since += interval.Ticks;
        }

        return since == 0 ? now : now + TimeSpan.FromTicks(interval.Ticks - since);
    }

    /// <summary>Polls once: returns the item to emit, or null for "nothing this time" (the schedule moves on all the same).</summary>
    /// <remarks>
    /// Called on the polling worker's thread at the scheduled times; should not block for long. Throw
    /// <see cref="PollingRetryException"/> to poll again sooner (or later) than the interval; call
    /// <see cref="Complete"/> to end the input (an item returned in the same call is still emitted). For a value
    /// type <typeparamref name="T"/> every value returned is emitted; use a nullable type (<c>int?</c>) to be
    /// able to return "nothing". Any other exception fails the run.
    /// </remarks>
    protected abstract T? NextItem();

    /// <summary>The state to store at each epoch close, handed to <see cref="Resume"/> on a resumed run; null (the default) for none.</summary>
    /// <remarks>Return a copy, or an object that is not changed afterwards: it may be serialized later.</remarks>
    protected virtual TState? SnapshotState() => null;

    /// <summary>Restores the state saved by <see cref="SnapshotState"/>; called before the first poll of a resumed run, only when a state was saved.</summary>
    protected virtual void Resume(TState state)
    {
    }

    /// <summary>Ends the input: the partition reaches EOF after the current <see cref="NextItem"/> call.</summary>
    /// <remarks>Call it from <see cref="NextItem"/>. A later run (a new partition) polls again.</remarks>
    protected void Complete() => _completed = true;

    private sealed class Partition(SimplePollingSource<T, TState> source, DateTimeOffset firstAwake) : StatefulSourcePartition<T, TState?>
    {
        private DateTimeOffset? _nextAwake = firstAwake;

        public override bool NextBatch(List<T> batch)
        {
            T? item;
            try
            {
                item = source.NextItem();
            }
            catch (PollingRetryException retry)
            {
                // Without an interval there is no schedule to keep: the retry counts from now.
                _nextAwake = (source._interval == TimeSpan.Zero ? source.TimeProvider.GetUtcNow() : _nextAwake!.Value) + retry.RetryAfter;
                return !source._completed;
            }

            // A zero interval leaves the time of the next poll to the engine.
            _nextAwake = source._interval == TimeSpan.Zero ? null : _nextAwake!.Value + source._interval;
            if (item is not null)
            {
                batch.Add(item);
            }

            return !source._completed;
        }

        public override DateTimeOffset? NextAwake() => _nextAwake;

        public override TState? Snapshot() => source.SnapshotState();
    }
}
