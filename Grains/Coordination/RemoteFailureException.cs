namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>An exception raised in another process of the cluster, known here by its type name and message.</summary>
public sealed class RemoteFailureException : Exception
{
    /// <summary>Creates the error for an exception of type <paramref name="typeName"/> with <paramref name="message"/>.</summary>
    public RemoteFailureException(string typeName, string message)
        : base($"{typeName}: {message}")
    {
        TypeName = typeName;
    }

    /// <summary>The full name of the original exception's type.</summary>
    public string TypeName { get; }
}
