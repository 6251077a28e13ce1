namespace Orleans.Dataflow.Client;

/// <summary>The client could not reach the dataflow cluster.</summary>
public sealed class DataflowClientException : Exception
{
    /// <summary>The error with <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public DataflowClientException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
