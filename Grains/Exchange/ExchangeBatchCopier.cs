using Orleans.Serialization.Cloning;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Passes an <see cref="ExchangeBatch"/> between grains of one silo by reference: the sender has given its records away, so nothing needs copying.</summary>
/// <remarks>What <c>Immutable&lt;T&gt;</c> does for one call, for every call that carries a batch.</remarks>
[RegisterCopier]
public sealed class ExchangeBatchCopier : IDeepCopier<ExchangeBatch>
{
    /// <inheritdoc/>
    public ExchangeBatch? DeepCopy(ExchangeBatch? input, CopyContext context) => input;
}
