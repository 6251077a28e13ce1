namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>A silo setting has a value that cannot be used; the message names where the value came from.</summary>
/// <remarks>The CLI prints the message on one line and exits with <see cref="Cli.ExitCodes.Usage"/>.</remarks>
internal sealed class SettingsException(string message) : Exception(message);
