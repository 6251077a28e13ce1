using System.Diagnostics;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>The silo started as a real OS process, for what only a process shows: SIGKILL, exit codes, a restart.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _error;
    private readonly Task<string> _output;
    private readonly System.Text.StringBuilder _errorSoFar = new();

    private SiloProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = ReadError(process.StandardError);
    }

    /// <summary>Waits until the process has written <paramref name="text"/> to standard error; false if it did not within <paramref name="timeout"/>.</summary>
    public bool WaitForError(string text, TimeSpan timeout)
        => SpinWait.SpinUntil(() =>
        {
            lock (_errorSoFar)
            {
                return _errorSoFar.ToString().Contains(text, StringComparison.Ordinal);
            }
        }, timeout);

    private async Task<string> ReadError(StreamReader error)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await error.ReadAsync(buffer)) > 0)
        {
            lock (_errorSoFar)
            {
                _errorSoFar.Append(buffer, 0, read);
            }
        }

        lock (_errorSoFar)
        {
            return _errorSoFar.ToString();
        }
    }

    /// <summary>Starts <c>Orleans.Dataflow.Silo</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static SiloProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryPaths.SiloAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new SiloProcess(Process.Start(start) ?? throw new InvalidOperationException("the silo process did not start"));
    }

    /// <summary>Kills the process with SIGKILL, as a crash would, unless it has already exited; returns whether it was still running.</summary>
    public bool KillHard()
    {
        if (_process.HasExited)
        {
            return false;
        }

        using (var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>Asks the process to stop gracefully with SIGTERM, as Kubernetes or a service manager would.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Freezes the process with SIGSTOP: it stays alive, its sockets open, but it sends nothing, as a hung machine would.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Lets a process frozen by <see cref="Freeze"/> run again (SIGCONT), as a machine that was hung for a while.</summary>
    public void Thaw() => Signal("-CONT");

    /// <summary>Waits for the process to end on its own and returns its exit code, stdout and stderr.</summary>
    public (int ExitCode, string Out, string Error) WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the silo did not exit within {timeout.TotalSeconds} s; stderr: {Error()}");
        }

        return (_process.ExitCode, _output.GetAwaiter().GetResult(), Error());
    }

    /// <summary>Waits for every one of <paramref name="processes"/> to end on its own, all within one <paramref name="timeout"/>, and returns what <see cref="WaitForExit"/> returns for each.</summary>
    /// <exception cref="TimeoutException">One did not end in time; it names every process by its index with its exit code or "still running" and its stderr, since one that hangs often waits for another.</exception>
    public static (int ExitCode, string Out, string Error)[] WaitForAllToExit(IReadOnlyList<SiloProcess> processes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var running = processes.Where(p => !p._process.WaitForExit(Remaining(deadline))).ToList();
        if (running.Count > 0)
        {
            var states = processes.Select((p, i) => $"process {i} ({(running.Contains(p) ? "still running" : $"exited with {p._process.ExitCode}")}); stderr: {p.Error()}");
            foreach (var p in running)
            {
                p._process.Kill(entireProcessTree: true);
            }

            throw new TimeoutException($"not every process exited within {timeout.TotalSeconds} s:\n{string.Join("\n", states)}");
        }

        return [.. processes.Select(p => p.WaitForExit(Remaining(deadline)))];
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private string Error()
    {
        if (_error.IsCompleted)
        {
            return _error.GetAwaiter().GetResult();
        }

        lock (_errorSoFar)
        {
            return $"{_errorSoFar}(still being written)";
        }
    }
}
