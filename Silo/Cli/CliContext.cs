namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The surroundings the command line runs in: where it writes, which environment and settings files it reads, how it is stopped.</summary>
/// <remarks>The defaults are the process's own; tests replace them to run the CLI in-process without touching process state.</remarks>
public sealed class CliContext
{
    /// <summary>Where help and other command output goes. Default <see cref="Console.Out"/>. Flow output (<c>StdOutSink</c>) always goes to <see cref="Console.Out"/>.</summary>
    public TextWriter Out { get; init; } = Console.Out;

    /// <summary>Where errors and notices go. Default <see cref="Console.Error"/>.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>The environment variables to read <c>DATAFLOW_*</c> settings from; null (the default) reads the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; init; }

    /// <summary>The directories searched for appsettings.json, lowest precedence first; null (the default) means the binary's directory, then the current directory.</summary>
    public IReadOnlyList<string>? SettingsDirectories { get; init; }

    /// <summary>Requests a graceful stop of a running flow when cancelled, as SIGTERM does. Default: never.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Whether SIGINT (Ctrl+C) and SIGTERM request a graceful stop while a flow runs. Default true.</summary>
    public bool HandleSignals { get; init; } = true;
}
