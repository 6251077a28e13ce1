namespace Orleans.Dataflow.Silo.Cli;

/// <summary>Prints an error the way the CLI reports every failure: one <c>error:</c> line, its causes, and a stack trace only when verbose.</summary>
internal static class ErrorReporter
{
    /// <summary>Writes <c>error: message</c>, then <c>  caused by: Type: message</c> for each inner exception, then (verbose) the innermost stack trace.</summary>
    public static void Report(TextWriter error, Exception exception, bool verbose, string? message = null)
    {
        error.WriteLine($"error: {message ?? exception.Message}");
        var innermost = exception;
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            error.WriteLine($"  caused by: {cause.GetType().FullName}: {cause.Message}");
            innermost = cause;
        }

        if (verbose && innermost.StackTrace is { } trace)
        {
            error.WriteLine(trace);
        }
    }

    /// <summary>Writes a usage error: one line, naming the flag, variable or key at fault.</summary>
    public static void ReportUsage(TextWriter error, string message) => error.WriteLine($"error: {message}");
}
