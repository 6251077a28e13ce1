using System.Diagnostics;
using System.Globalization;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Peak resident set size of this process, resettable on Linux so that each run reports its own peak.</summary>
/// <remarks>
/// On Linux the peak is <c>VmHWM</c> of <c>/proc/self/status</c>, reset by writing <c>5</c> to
/// <c>/proc/self/clear_refs</c> (it then restarts from the current RSS, which still holds the heap and data kept
/// from earlier). Elsewhere it is <see cref="Process.PeakWorkingSet64"/>, which only grows over the process's life.
/// </remarks>
public static class PeakMemory
{
    private const string StatusPath = "/proc/self/status";
    private const string ClearRefsPath = "/proc/self/clear_refs";

    /// <summary>Whether the peak can be reset here (Linux), so that each run reports its own peak rather than the process's.</summary>
    public static bool IsPerRunSupported { get; } = File.Exists(ClearRefsPath);

    /// <summary>Starts a new peak at the current RSS, where the platform allows it.</summary>
    public static void Reset()
    {
        if (!IsPerRunSupported)
        {
            return;
        }

        try
        {
            File.WriteAllText(ClearRefsPath, "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not allowed here: the peak stays the process's own.
        }
    }

    /// <summary>The peak RSS in bytes since the last <see cref="Reset"/> (or since the process started).</summary>
    public static long ReadBytes()
    {
        try
        {
            foreach (var line in File.ReadLines(StatusPath))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Fall through to the portable figure.
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
