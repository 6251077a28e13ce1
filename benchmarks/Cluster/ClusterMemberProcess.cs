using System.Diagnostics;
using System.Reflection;
using System.Text;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Cluster;

/// <summary>One cluster member as the benchmark sees it: this program started again as an OS process with a <see cref="ClusterMemberOptions"/> command line, its standard streams redirected.</summary>
/// <remarks>
/// Its standard error is collected for the message of a failure. <see cref="Dispose"/> closes its standard input,
/// which ends it; one that has not ended within 10 s is killed. Used from one thread.
/// </remarks>
public sealed class ClusterMemberProcess : IDisposable
{
    private static readonly TimeSpan _exitGrace = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly int _processId;
    private readonly StringBuilder _errors = new();

    private ClusterMemberProcess(Process process, int processId)
    {
        _process = process;
        _processId = processId;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts this program as the member <paramref name="options"/> describe: the same executable, or the same assembly under the same <c>dotnet</c> host.</summary>
    public static ClusterMemberProcess Start(ClusterMemberOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program's executable is unknown, so it cannot start cluster members");
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (string.Equals(Path.GetFileNameWithoutExtension(executable), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in options.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cluster member {options.ProcessId} did not start");
        return new ClusterMemberProcess(process, options.ProcessId);
    }

    /// <summary>Waits until the member has made its data.</summary>
    /// <exception cref="InvalidOperationException">The member ended, or wrote something else.</exception>
    public void WaitReady()
    {
        var line = ReadLine();
        if (line != ClusterMemberReport.Ready)
        {
            throw new InvalidOperationException($"cluster member {_processId} wrote '{line}' instead of '{ClusterMemberReport.Ready}'");
        }
    }

    /// <summary>Tells the member to run once; it joins the other members and answers when its part has ended.</summary>
    public void RequestRun()
    {
        _process.StandardInput.WriteLine(ClusterMember.RunCommand);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the answer to <see cref="RequestRun"/>: this member's own figures of the run.</summary>
    /// <exception cref="InvalidOperationException">The member ended, with the reason it wrote to standard error.</exception>
    /// <exception cref="FormatException">The member wrote something other than a run line.</exception>
    public RunMeasurement ReadRun() => ClusterMemberReport.Parse(ReadLine());

    /// <summary>Closes the member's input, which ends it, and kills it if it has not ended within 10 s.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It has already ended.
        }

        if (!_process.WaitForExit(_exitGrace))
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private string ReadLine() => _process.StandardOutput.ReadLine() ?? throw Ended();

    private InvalidOperationException Ended()
    {
        var exit = _process.WaitForExit(_exitGrace) ? $"ended with exit code {_process.ExitCode}" : "closed its output";
        lock (_errors)
        {
            return new InvalidOperationException($"cluster member {_processId} {exit}: {_errors.ToString().Trim()}");
        }
    }
}
