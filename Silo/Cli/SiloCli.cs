using System.CommandLine;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The silo's command line: <c>Orleans.Dataflow.Silo run &lt;flow.csx | Flows.dll&gt; [options]</c>, <c>serve [options]</c> and <c>recovery init DIR N</c>.</summary>
/// <remarks>
/// <see cref="Run"/> is what <c>Main</c> calls; tests call it in-process with a <see cref="CliContext"/>. It
/// never throws: every failure is printed as one error on <see cref="CliContext.Error"/> and returned as an
/// exit code (<see cref="ExitCodes"/>).
/// </remarks>
public static class SiloCli
{
    /// <summary>The command's name in help and error text.</summary>
    public const string CommandName = "Orleans.Dataflow.Silo";

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns the process exit code.</summary>
    /// <remarks>Returns when the flow has ended (or stopped gracefully); blocks the calling thread meanwhile.</remarks>
    public static int Run(string[] args, CliContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        context ??= new CliContext();
        var root = new RootCommand("Orleans.Dataflow silo: runs dataflows in this process.")
        {
            new RunCommand(context).Command,
            new RecoveryCommand(context).Command,
            new ServeCommand(context).Command,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            ErrorReporter.ReportUsage(context.Error, $"{parse.Errors[0].Message} (see '{CommandName} run --help')");
            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        });
    }
}
