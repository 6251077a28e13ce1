namespace Orleans.Dataflow.Plan;

/// <summary>Carries the item a user function failed on from a step's logic to the engine, which reports it or, under a tolerant <see cref="ErrorPolicy"/>, passes over it.</summary>
public sealed class ItemFailedException : Exception
{
    /// <summary>Wraps <paramref name="cause"/>, thrown while processing <paramref name="item"/>, which is not one item of the batch alone (<see cref="Index"/> is -1).</summary>
    public ItemFailedException(object? item, Exception cause)
        : this(item, cause, -1)
    {
    }

    /// <summary>Wraps <paramref name="cause"/>, thrown while processing <paramref name="item"/>, the item at <paramref name="index"/> of its batch.</summary>
    public ItemFailedException(object? item, Exception cause, int index)
        : base(cause.Message, cause)
    {
        Item = item;
        Index = index;
    }

    /// <summary>The item that was being processed.</summary>
    public object? Item { get; }

    /// <summary>Where the item is in the batch the logic was given: the logic can go on after it; -1 when the failure is not one item's (a batch function).</summary>
    public int Index { get; }
}
