using Orleans.Dataflow.Silo.Cli;

namespace Orleans.Dataflow.Silo;

/// <summary>The silo executable's entry point.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        return SiloCli.Run(args);
    }

    /// <summary>Reports an exception that escaped a thread as one error line instead of the runtime's dump, and exits with failure.</summary>
    private static void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        var exception = e.ExceptionObject as Exception;
        Console.Error.WriteLine($"error: internal error: {exception?.GetType().FullName}: {exception?.Message}");
        Environment.Exit(ExitCodes.Failure);
    }
}
