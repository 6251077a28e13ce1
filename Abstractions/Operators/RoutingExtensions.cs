using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Operators that split, join or move streams without changing items: branch, merge, redistribute.</summary>
public static class RoutingExtensions
{
    /// <summary>Splits a stream in two by <paramref name="predicate"/>, called once per item.</summary>
    /// <remarks><b>Emits:</b> each item on <see cref="BranchOut{T}.Trues"/> or <see cref="BranchOut{T}.Falses"/>; order is kept within each.</remarks>
    public static BranchOut<T> Branch<T>(this Stream<T> up, string stepId, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(predicate);
        var step = new BranchStep<T>(stepId, up, predicate);
        up.Flow.Add(step);
        return new BranchOut<T>(new Stream<T>(up.Flow, step, 0), new Stream<T>(up.Flow, step, 1));
    }

    /// <summary>Combines this stream and <paramref name="others"/> into one stream.</summary>
    /// <remarks><b>Emits:</b> every item of every input unchanged; the interleaving between inputs is not defined. <b>At EOF:</b> ends when all inputs have ended.</remarks>
    public static Stream<T> Merge<T>(this Stream<T> up, string stepId, params Stream<T>[] others)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(others);
        var step = new MergeStep<T>(stepId, [up, .. others]);
        up.Flow.Add(step);
        return new Stream<T>(up.Flow, step, 0);
    }

    /// <summary>Spreads items evenly over all workers so that the steps after it share expensive work.</summary>
    /// <remarks><b>Emits:</b> every item unchanged, on some worker (round-robin per sender). With one worker it changes nothing.</remarks>
    public static Stream<T> Redistribute<T>(this Stream<T> up, string stepId)
    {
        ArgumentNullException.ThrowIfNull(up);
        var step = new RedistributeStep<T>(stepId, up);
        up.Flow.Add(step);
        return new Stream<T>(up.Flow, step, 0);
    }
}
