namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The surroundings the command line runs in: where it writes, which environment and settings files it reads, how it is stopped.</summary>
/// <remarks>The defaults are the process's own; tests replace them to run the CLI in-process without touching process state.</remarks>
public sealed class CliContext
{
    /// <summary>Where help and other command output goes. Default <see cref="Console.Out"/>. Flow output (<c>StdOutSink</c>) always goes to <see cref="Console.Out"/>.</summary>
    public TextWriter Out { get; init; } = Console.Out;

    /// <summary>Where errors and notices go. Default <see cref="Console.Error"/>.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>Tells whether a writer of the CLI's (<see cref="Error"/>, or <see cref="Console.Out"/> for a flow's output) is a terminal; null (the default) asks the console: standard error or output that is not redirected.</summary>
    /// <remarks><c>run</c> keeps its status line on <see cref="Error"/> only when it is a terminal.</remarks>
    public Func<TextWriter, bool>? IsTerminal { get; init; }

    /// <summary>The environment variables to read <c>DATAFLOW_*</c> settings from; null (the default) reads the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; init; }

    /// <summary>The directories searched for appsettings.json, lowest precedence first; null (the default) means the binary's directory, then the current directory.</summary>
    public IReadOnlyList<string>? SettingsDirectories { get; init; }

    /// <summary>Requests a graceful stop of a running flow when cancelled, as SIGTERM does. Default: never.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Whether SIGINT (Ctrl+C) and SIGTERM request a graceful stop while a flow runs. Default true.</summary>
    public bool HandleSignals { get; init; } = true;
}
