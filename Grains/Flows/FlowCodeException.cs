namespace Orleans.Dataflow.Grains.Flows;

/// <summary>The code of a submitted flow does not compile or load on a silo; the message holds every error, each naming the file, line and column as the client knows them.</summary>
[GenerateSerializer]
public sealed class FlowCodeException : Exception
{
    /// <summary>The error with <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public FlowCodeException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
