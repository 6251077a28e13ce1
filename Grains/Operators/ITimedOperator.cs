namespace Orleans.Dataflow.Grains.Operators;

/// <summary>An operator that must run at a time even without new data (notify_at, collect's timeout, window closes).</summary>
internal interface ITimedOperator
{
    /// <summary>The earliest time it must run, or null for none.</summary>
    DateTimeOffset? NextWakeUp { get; }

    /// <summary>Runs everything due at or before <paramref name="now"/>.</summary>
    void FireDueNotifications(DateTimeOffset now);
}
