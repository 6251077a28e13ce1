namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>Recovery data that cannot be used or written: names the file or directory and what is wrong with it.</summary>
/// <remarks>Nothing is overwritten when this is thrown: the store is left as it was found, or at its last committed epoch.</remarks>
public sealed class RecoveryStoreException : Exception
{
    /// <summary>Creates the error with its full message.</summary>
    public RecoveryStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
