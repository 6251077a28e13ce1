using Orleans.Runtime.Providers;

namespace Orleans.Dataflow.OrleansStreams.Tests;

/// <summary>Delivers a refused batch again after 100 ms instead of Orleans' default of 1 s doubling to 30 s, so tests of refusals stay short.</summary>
public sealed class QuickRedelivery : IMessageDeliveryBackoffProvider
{
    /// <inheritdoc/>
    public TimeSpan Next(int attempt) => TimeSpan.FromMilliseconds(100);
}
