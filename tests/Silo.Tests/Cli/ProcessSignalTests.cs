using System.Diagnostics;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary>Starts the silo as a real process to check what only a process shows: signals and the exit code.</summary>
public class ProcessSignalTests
{
    [Fact]
    public async Task Run_Sigterm_StopsGracefullyAndExitsZero()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        using var dir = new TempDirectory();
        var script = dir.Write("forever.csx", """
            static IEnumerable<TestingItem<int>> Ticks()
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                    yield return TestingMarker.Pause(TimeSpan.FromMilliseconds(10));
                }
            }

            var flow = new Dataflow("forever");
            flow.Input("ticks", new TestingSource<int>(Ticks()))
                .Output("out", new StdOutSink<int>());
            flow
            """);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { RepositoryPaths.SiloAssembly, "run", script, "-s", "0.1" },
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var silo = Process.Start(start)!;
        var lines = new List<string>();
        var enoughLines = new ManualResetEventSlim();
        silo.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
                if (lines.Count >= 10)
                {
                    enoughLines.Set();
                }
            }
        };
        silo.BeginOutputReadLine();
        var error = silo.StandardError.ReadToEndAsync();

        try
        {
            Assert.True(enoughLines.Wait(TimeSpan.FromSeconds(60)), "the silo printed nothing within 60 s");
            using (var kill = Process.Start("kill", ["-TERM", silo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(silo.WaitForExit(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s of SIGTERM");
        }
        finally
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
            }
        }

        await silo.WaitForExitAsync();
        var errorText = await error;
        Assert.True(silo.ExitCode == ExitCodes.Success, $"exit code {silo.ExitCode}; stderr: {errorText}");
        Assert.Contains("SIGTERM: stopping after the current epoch", errorText, StringComparison.Ordinal);
        lock (lines)
        {
            Assert.Equal(Enumerable.Range(0, lines.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines);
        }
    }
}
