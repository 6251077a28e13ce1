namespace Orleans.Dataflow.Inputs;

/// <summary>Thrown by a source partition to stop the whole run at once, as a crash would: no EOF, no final snapshot.</summary>
/// <remarks>
/// For recovery tests (TestingSource's ABORT marker); the run ends without error and a resumed run continues from
/// the last snapshot. Unlike a real crash, partitions are still disposed so that files and connections close.
/// </remarks>
public sealed class AbortExecutionException : Exception
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AbortExecutionException(string message = "execution aborted by a source")
        : base(message)
    {
    }
}
