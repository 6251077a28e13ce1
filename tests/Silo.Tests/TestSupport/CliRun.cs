using Orleans.Dataflow.Silo.Cli;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Runs the silo's CLI in-process with a clean environment and no settings files, capturing stdout and stderr.</summary>
/// <remarks>Swaps <see cref="Console.Out"/>, so only call it from tests in <see cref="ConsoleCollection"/>.</remarks>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs the CLI; <paramref name="stopWhen"/> requests a graceful stop once the captured stdout satisfies it; <paramref name="terminal"/> says whether stdout and stderr are taken for a terminal (default: not).</summary>
    public static CliRun Invoke(
        string[] args,
        IReadOnlyDictionary<string, string?>? environment = null,
        IReadOnlyList<string>? settingsDirectories = null,
        Func<string, bool>? stopWhen = null,
        bool terminal = false)
    {
        using var stop = new CancellationTokenSource();
        var output = new ObservedWriter(stopWhen is null ? null : text =>
        {
            if (stopWhen(text))
            {
                stop.Cancel();
            }
        });
        var error = new StringWriter { NewLine = "\n" };
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            var exitCode = SiloCli.Run(args, new CliContext
            {
                Out = output,
                Error = error,
                EnvironmentVariables = environment ?? new Dictionary<string, string?>(),
                SettingsDirectories = settingsDirectories ?? [],
                Stop = stop.Token,
                HandleSignals = false,
                IsTerminal = _ => terminal,
            });
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>A string writer that shows its text to an observer at every flush (StdOutSink flushes after each batch).</summary>
    private sealed class ObservedWriter(Action<string>? observer) : StringWriter
    {
        public override string NewLine => "\n";

        public override void Flush()
        {
            base.Flush();
            observer?.Invoke(ToString());
        }
    }
}
