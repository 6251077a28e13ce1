using System.Globalization;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The host's load average, printed beside the timings: other processes on the machine slow every mode.</summary>
public static class HostLoad
{
    private const string LoadAveragePath = "/proc/loadavg";

    /// <summary>The 1-, 5- and 15-minute load averages and the logical CPU count, or a note that they are unknown here.</summary>
    public static string Describe()
    {
        try
        {
            var fields = File.ReadAllText(LoadAveragePath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return string.Create(CultureInfo.InvariantCulture, $"load average {fields[0]} {fields[1]} {fields[2]} on {Environment.ProcessorCount} CPUs");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return "load average unknown";
        }
    }
}
