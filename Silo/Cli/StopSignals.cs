using System.Runtime.InteropServices;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>Turns the first SIGINT (Ctrl+C) or SIGTERM into a graceful-stop request; a second one ends the process at once.</summary>
/// <remarks>
/// The first signal's default action (terminating the process) is cancelled and <see cref="Token"/> is cancelled
/// instead, so the engine closes the current epoch and returns. A second signal is left to its default action, so
/// a flow stuck in user code can still be killed with a second Ctrl+C. Dispose to restore the default handling.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _error;
    private readonly string _stopping;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <summary>Registers the handlers; notices go to <paramref name="error"/>, saying what the first signal does (<paramref name="stopping"/>).</summary>
    public StopSignals(TextWriter error, string stopping = "stopping after the current epoch")
    {
        _error = error;
        _stopping = stopping;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled when the first signal arrives.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The first signal received, or null while none has arrived.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>Unregisters the handlers, restoring the default action of both signals.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            return;
        }

        context.Cancel = true;
        Received = context.Signal;
        _error.WriteLine($"{context.Signal}: {_stopping} (send it again to exit at once)");
        _stop.Cancel();
    }
}
