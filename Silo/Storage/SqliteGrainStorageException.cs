namespace Orleans.Dataflow.Silo.Storage;

/// <summary>A grain storage file, or a record in it, that cannot be used: names the file and what is wrong.</summary>
/// <remarks>Nothing is overwritten when this is thrown: the file is left as it was found, and a write that failed was not stored.</remarks>
public sealed class SqliteGrainStorageException : Exception
{
    /// <summary>Creates the error with its full message.</summary>
    public SqliteGrainStorageException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
