namespace Orleans.Dataflow.Silo.Cli;

/// <summary>Prints an error the way the CLI reports every failure: one <c>error:</c> line, its causes, and a stack trace only when verbose.</summary>
internal static class ErrorReporter
{
    /// <summary>Writes <c>error: message</c>, then <c>  caused by: Type: message</c> for each inner exception whose message was not printed already, then (verbose) the innermost stack trace.</summary>
    /// <remarks>Errors of this project name their cause's message in their own (<c>step 'x' failed …: InvalidOperationException: two is not allowed</c>): it is printed once.</remarks>
    public static void Report(TextWriter error, Exception exception, bool verbose, string? message = null)
    {
        var printed = $"error: {message ?? exception.Message}";
        error.WriteLine(printed);
        var innermost = exception;
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            innermost = cause;
            if (cause.Message.Length > 0 && printed.Contains(cause.Message, StringComparison.Ordinal))
            {
                continue;
            }

            var line = $"  caused by: {cause.GetType().FullName}: {cause.Message}";
            error.WriteLine(line);
            printed += "\n" + line;
        }

        if (verbose && innermost.StackTrace is { } trace)
        {
            error.WriteLine(trace);
        }
    }

    /// <summary>Writes a usage error: one line, naming the flag, variable or key at fault.</summary>
    public static void ReportUsage(TextWriter error, string message) => error.WriteLine($"error: {message}");
}
