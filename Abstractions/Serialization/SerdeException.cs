namespace Orleans.Dataflow.Serialization;

/// <summary>Thrown when bytes cannot be read back as the expected type; names the type and what was wrong.</summary>
public sealed class SerdeException : Exception
{
    /// <summary>Creates the exception with a message naming the type and the problem.</summary>
    public SerdeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
