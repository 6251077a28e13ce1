namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>A cluster execution stopped because of another process: it was lost, failed, or never joined; the message names it.</summary>
/// <remarks>
/// Raised on every process that did not cause the stop, so each one exits with an error naming the process to look
/// at (its id and address). The recovery store keeps its last committed epoch: starting every process again resumes.
/// </remarks>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the error with a message that names the process concerned and what happened to it.</summary>
    public ClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message that names the process concerned, caused by <paramref name="inner"/>.</summary>
    public ClusterException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
