using System.CommandLine;
using System.CommandLine.Parsing;
using Orleans.Dataflow.Silo.Configuration;

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
        if (args is [var first, ..] && !first.StartsWith('-') && !root.Subcommands.Any(c => c.Name == first))
        {
            var commands = root.Subcommands.Select(c => c.Name).ToList();
            var meant = Nearest.Of(first, commands) is { } nearest ? $"; did you mean '{nearest}'?" : $"; the commands are {string.Join(", ", commands)}";
            ErrorReporter.ReportUsage(context.Error, $"unknown command '{first}'{meant} (see '{CommandName} --help')");
            return ExitCodes.Usage;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            ErrorReporter.ReportUsage(context.Error, $"{parse.Errors[0].Message} (see '{HelpOf(parse.CommandResult)}')");
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

    /// <summary>The help command of the (sub)command that failed to parse: <c>Orleans.Dataflow.Silo recovery init --help</c>; the root's is the silo's own.</summary>
    private static string HelpOf(CommandResult failed)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = failed; result is CommandResult { Parent: not null } command; result = command.Parent)
        {
            names.Push(command.Command.Name);
        }

        return string.Join(' ', [CommandName, .. names, "--help"]);
    }
}
