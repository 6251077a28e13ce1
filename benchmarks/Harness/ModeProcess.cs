using System.Diagnostics;
using System.Text.Json;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>One engine mode measured in a process of its own: this program started again with <c>--mode-process</c>, driven over its standard input and output.</summary>
/// <remarks>
/// With <c>--process-per-mode</c>. The engine's code is shared by every worker count, and the JIT optimizes it with the
/// profile of the runs it watched: with 1 and 2 workers in one process, a call site that sees a plain batch buffer with
/// 1 worker and the exchange with 2 is compiled for one of them, and the other pays a failed guess and a virtual call
/// per record. A deployment runs one worker count per process, as these processes do. The main process keeps the
/// baseline loops and the interleaved rounds: it asks each mode's process for one run at a time, and that process
/// settles itself, runs and answers with the <see cref="RunMeasurement"/> of its own clock, processor time,
/// allocations, collections and peak memory.
/// </remarks>
public sealed class ModeProcess : IDisposable
{
    private const string MeasureCommand = "measure";
    private const string ExitCommand = "exit";
    private const string Measured = "ok ";
    private const string Failed = "error ";
    private const int KeptErrorLines = 40;
    private static readonly TimeSpan _exitWait = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _label;
    private readonly Queue<string> _errorLines = new();

    private ModeProcess(Process process, string label)
    {
        _process = process;
        _label = label;
    }

    /// <summary>Starts the process that serves mode <paramref name="mode"/> (labelled <paramref name="label"/>) of <paramref name="workload"/>, with the main process's <paramref name="arguments"/>.</summary>
    public static ModeProcess Start(string workload, int mode, string label, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown, so a mode's process cannot be started");
        var entry = typeof(ModeProcess).Assembly.Location;
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run as `dotnet Orleans.Dataflow.Benchmarks.dll`, the host needs the program's path; run as its own executable, it does not.
        if (!string.Equals(Path.GetFileNameWithoutExtension(host), Path.GetFileNameWithoutExtension(entry), StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }

        start.ArgumentList.Add("--mode-process");
        start.ArgumentList.Add(workload);
        start.ArgumentList.Add(mode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{label}: its process did not start");
        var served = new ModeProcess(process, label);
        process.ErrorDataReceived += (_, line) => served.KeepErrorLine(line.Data);
        process.BeginErrorReadLine();
        return served;
    }

    /// <summary>Has the mode's process make one run and returns what it measured.</summary>
    /// <exception cref="InvalidOperationException">The run failed, or the process ended.</exception>
    public RunMeasurement Measure()
    {
        _process.StandardInput.WriteLine(MeasureCommand);
        _process.StandardInput.Flush();
        var reply = _process.StandardOutput.ReadLine();
        if (reply is not null && reply.StartsWith(Measured, StringComparison.Ordinal))
        {
            return JsonSerializer.Deserialize<RunMeasurement>(reply.AsSpan(Measured.Length))
                ?? throw new InvalidOperationException($"{_label}: its process answered an empty measurement");
        }

        var why = reply is not null && reply.StartsWith(Failed, StringComparison.Ordinal) ? reply[Failed.Length..] : "its process ended without answering";
        throw new InvalidOperationException($"{_label}: {why}{ErrorTail()}");
    }

    /// <summary>Serves the main process from this one: one run of <paramref name="measure"/> per request on standard input, its measurement or its error as one line on standard output, until told to exit.</summary>
    /// <remarks>
    /// Each run is followed by <paramref name="settle"/> before the answer: the JIT keeps compiling what a run made hot,
    /// and in a process of its own that would take a core from the next mode's run, in another process, which its own
    /// settling cannot see.
    /// </remarks>
    /// <returns>The exit code: 0.</returns>
    public static int Serve(Func<RunMeasurement> measure, Action settle)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(settle);
        using var replies = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };

        // Standard output carries the replies alone: whatever else the engine or a workload prints goes to standard error.
        Console.SetOut(Console.Error);
        while (Console.In.ReadLine() is { } command && command != ExitCommand)
        {
            try
            {
                var measurement = measure();
                settle();
                replies.WriteLine(Measured + JsonSerializer.Serialize(measurement));
            }
            catch (Exception e)
            {
                replies.WriteLine(Failed + e.ToString().ReplaceLineEndings(" | "));
            }
        }

        return 0;
    }

    /// <summary>Tells the process to exit and waits for it, killing it if it does not.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine(ExitCommand);
            _process.StandardInput.Close();
            if (!_process.WaitForExit(_exitWait))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // It ended already: what it printed is in the error that reported its end.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void KeepErrorLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_errorLines)
        {
            _errorLines.Enqueue(line);
            if (_errorLines.Count > KeptErrorLines)
            {
                _errorLines.Dequeue();
            }
        }
    }

    private string ErrorTail()
    {
        lock (_errorLines)
        {
            return _errorLines.Count == 0 ? string.Empty : $"; it printed:{Environment.NewLine}{string.Join(Environment.NewLine, _errorLines)}";
        }
    }
}
