namespace Orleans.Dataflow.Plan;

/// <summary>Carries the item a user function failed on from a step's logic to the engine, which reports it.</summary>
public sealed class ItemFailedException : Exception
{
    /// <summary>Wraps <paramref name="cause"/>, thrown while processing <paramref name="item"/>.</summary>
    public ItemFailedException(object? item, Exception cause)
        : base(cause.Message, cause)
    {
        Item = item;
    }

    /// <summary>The item that was being processed.</summary>
    public object? Item { get; }
}
