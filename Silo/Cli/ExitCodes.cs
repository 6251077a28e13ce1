namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The process exit codes of the silo's command line.</summary>
public static class ExitCodes
{
    /// <summary>The flow ran to the end of its input, a source aborted it, or a stop (SIGTERM, cancellation) closed it gracefully.</summary>
    public const int Success = 0;

    /// <summary>The flow failed: user code threw while running (the error names flow, step, worker and item), the flow is invalid, or it did not compile or load.</summary>
    public const int Failure = 1;

    /// <summary>The command line, an environment variable or appsettings.json has a bad value, or the flow file is missing or of an unknown kind.</summary>
    public const int Usage = 2;

    /// <summary>Ctrl+C (SIGINT) stopped the flow; it was stopped gracefully, as with SIGTERM (128 + SIGINT's number 2, the shell convention).</summary>
    public const int Interrupted = 130;
}
