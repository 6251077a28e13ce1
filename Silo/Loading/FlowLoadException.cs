namespace Orleans.Dataflow.Silo.Loading;

/// <summary>A flow could not be loaded: a script did not compile or threw, or an assembly has no such flow.</summary>
/// <remarks>
/// The message is one line meant for a terminal; compile errors are also in <see cref="Diagnostics"/>, one
/// <c>file:line:column: error CSxxxx: message</c> line each. When user code threw while building the flow, that
/// exception is the inner exception.
/// </remarks>
public sealed class FlowLoadException : Exception
{
    /// <summary>Creates the error for the flow file at <paramref name="path"/>.</summary>
    public FlowLoadException(string path, string message, IReadOnlyList<string>? diagnostics = null, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>The script or assembly that failed to load.</summary>
    public string Path { get; }

    /// <summary>The compiler's errors, one line each with file, line and column; empty unless a script failed to compile.</summary>
    public IReadOnlyList<string> Diagnostics { get; }
}
