using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>Runs samples/windowing.csx through the CLI and checks it against windows computed here with plain C#.</summary>
/// <remarks>
/// The independent computation follows the event clock's contract: per sensor, an item is late if its timestamp is
/// before the largest timestamp of that sensor seen before it minus the wait. (The clock also adds the system time
/// elapsed since that largest timestamp arrived; a run takes well under a second and the sample data's on-time
/// readings of a sensor are seconds apart, so that cannot change which readings are late.)
/// </remarks>
[Collection(ConsoleCollection.Name)]
public partial class WindowingSampleTests
{
    private static readonly string _sample = RepositoryPaths.Combine("samples", "windowing.csx");
    private static readonly string _data = RepositoryPaths.Combine("samples", "data", "sensors.csv");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Windowing_DefaultData_PrintsTheIndependentlyComputedWindowsAndLateItems(int workers)
    {
        var expected = Expected(File.ReadAllLines(_data), TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.True(expected.Late.Count >= 2, "the sample data should have at least two late readings with wait 0");
        Assert.True(expected.Windows.Count >= 12, "the sample data should span a few windows of several sensors");

        // No --arg input: the default path is not under the test's current directory, so this also checks
        // that the script falls back to the directory above itself.
        var (run, flowError) = Invoke(["-w", workers.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        AssertPrinted(expected, run, flowError);
    }

    [Fact]
    public void Windowing_HeaderComment_DocumentsTheIndependentlyComputedOutput()
    {
        var expected = Expected(File.ReadAllLines(_data), TimeSpan.Zero, TimeSpan.FromSeconds(10));

        // The header's indented example lines, runs of blanks made one tab (stdout) or one space (stderr).
        var documented = File.ReadAllLines(_sample)
            .TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal))
            .Where(line => line.StartsWith("//   ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
        var windows = documented.Select(line => WhiteSpace().Replace(line, "\t")).Where(line => WindowLine().IsMatch(line));
        var late = documented.Where(line => line.StartsWith("late", StringComparison.Ordinal));

        Assert.Equal(expected.Windows, windows);
        Assert.Equal(
            expected.Late.Select(l => $"late: {l.Sensor} {l.Timestamp} {l.Value}").Append($"late items: {expected.Late.Count}"),
            late.Select(line => LineSuffix().Replace(line, "")));
    }

    [Theory]
    [InlineData(5, 10, 2)]
    [InlineData(60, 10, 4)]
    [InlineData(0.5, 20, 2)]
    public void Windowing_WaitAndWindowArgs_PrintTheIndependentlyComputedWindows(double wait, int window, int workers)
    {
        var expected = Expected(File.ReadAllLines(_data), TimeSpan.FromSeconds(wait), TimeSpan.FromSeconds(window));

        var (run, flowError) = Invoke([
            "-w", workers.ToString(CultureInfo.InvariantCulture),
            "--arg", $"wait={wait.ToString(CultureInfo.InvariantCulture)}",
            "--arg", $"window={window.ToString(CultureInfo.InvariantCulture)}",
        ]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        AssertPrinted(expected, run, flowError);
    }

    [Fact]
    public void Windowing_WaitOfAMinute_NothingIsLate()
    {
        var withoutWait = Expected(File.ReadAllLines(_data), TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var withWait = Expected(File.ReadAllLines(_data), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.InRange(withWait.Late.Count, 1, withoutWait.Late.Count - 1);

        var (run, flowError) = Invoke(["-w", "2", "--arg", "wait=60"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["late items: 0"], Lines(flowError));
        var rows = File.ReadAllLines(_data).Skip(1).Count(line => line.Length > 0);
        Assert.Equal(rows, run.OutLines.Sum(line => int.Parse(line.Split('\t')[2], CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2024-03-01T12:00:01.500Z,kitchen,2x", "field 'value'")]
    [InlineData("2024-03-01 12:00:01,kitchen,21", "field 'timestamp'")]
    [InlineData("2024-03-01T12:00:01.500Z,,21", "field 'sensor'")]
    [InlineData("2024-03-01T12:00:01.500Z,kitchen,21,7", "expected 3 fields")]
    public void Windowing_MalformedRow_FailsNamingFileLineAndField(string badRow, string field)
    {
        using var dir = new TempDirectory();
        // The blank line counts: the bad row is line 4 of the file, its third row.
        var input = dir.Write("readings.csv", $"timestamp,sensor,value\n2024-03-01T12:00:00.352Z,kitchen,21\n\n{badRow}\n");

        var (run, _) = Invoke(["--arg", $"input={input}"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains($"malformed row in file `{input}`, line 4: {field}", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Empty(run.OutLines);
    }

    [Fact]
    public void Windowing_WrongHeader_FailsNamingFileAndLineOne()
    {
        using var dir = new TempDirectory();
        var input = dir.Write("readings.csv", "time,sensor,value\n2024-03-01T12:00:00.352Z,kitchen,21\n");

        var (run, _) = Invoke(["--arg", $"input={input}"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains($"malformed row in file `{input}`, line 1: the header is \"time,sensor,value\"", run.ErrorLines[0], StringComparison.Ordinal);
    }

    /// <summary>What the sample must print: its stdout lines, and the late readings as <c>(sensor, timestamp, value)</c>.</summary>
    private sealed record Expectation(List<string> Windows, List<(string Sensor, string Timestamp, long Value)> Late);

    /// <summary>Computes the windows and late readings of a sensors CSV with plain C#: a running maximum per sensor and a dictionary of windows.</summary>
    private static Expectation Expected(string[] lines, TimeSpan wait, TimeSpan window)
    {
        Assert.Equal("timestamp,sensor,value", lines[0]);
        var newest = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var windows = new Dictionary<(string Sensor, long Start), (long Count, long Sum)>();
        var late = new List<(string, string, long)>();
        foreach (var line in lines.Skip(1).Where(line => line.Length > 0))
        {
            var fields = line.Split(',');
            var timestamp = DateTime.Parse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var (sensor, value) = (fields[1], long.Parse(fields[2], CultureInfo.InvariantCulture));
            if (newest.TryGetValue(sensor, out var max) && timestamp < max - wait)
            {
                late.Add((sensor, fields[0], value));
                continue;
            }

            newest[sensor] = max > timestamp ? max : timestamp;
            var start = timestamp.Ticks - (timestamp.Ticks - DateTime.UnixEpoch.Ticks) % window.Ticks;
            windows[(sensor, start)] = windows.TryGetValue((sensor, start), out var sofar) ? (sofar.Count + 1, sofar.Sum + value) : (1, value);
        }

        var printed = windows
            .Select(w => string.Join('\t',
                w.Key.Sensor,
                new DateTime(w.Key.Start, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                w.Value.Count.ToString(CultureInfo.InvariantCulture),
                ((double)w.Value.Sum / w.Value.Count).ToString("F3", CultureInfo.InvariantCulture)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Expectation(printed, late);
    }

    /// <summary>Checks stdout (the windows and nothing else) and the flow's stderr (one line per late reading, then the total once).</summary>
    private static void AssertPrinted(Expectation expected, CliRun run, string flowError)
    {
        foreach (var line in run.OutLines)
        {
            Assert.Matches(WindowLine(), line);
        }

        Assert.Equal(expected.Windows, run.OutLines.Order(StringComparer.Ordinal));

        var errorLines = Lines(flowError);
        var totals = errorLines.Where(line => line.StartsWith("late items: ", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"late items: {expected.Late.Count}"], totals);
        var late = errorLines.Except(totals)
            .Select(line => LateLine().Match(line) is { Success: true } m
                ? (m.Groups[1].Value, m.Groups[2].Value, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
                : throw new Xunit.Sdk.XunitException($"not a late line on stderr: '{line}'"))
            .Order()
            .ToList();
        Assert.Equal(expected.Late.Order(), late);
    }

    /// <summary>Runs the sample through the CLI, capturing what the flow itself writes to <see cref="Console.Error"/> apart from the CLI's own errors.</summary>
    private static (CliRun Run, string FlowError) Invoke(string[] args)
    {
        var flowError = new StringWriter { NewLine = "\n" };
        var original = Console.Error;
        Console.SetError(flowError);
        try
        {
            return (CliRun.Invoke(["run", _sample, "-q", .. args]), flowError.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"^[a-z]+\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\t[1-9]\d*\t\d+\.\d{3}$")]
    private static partial Regex WindowLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@" \(line \d+\)$")]
    private static partial Regex LineSuffix();

    [GeneratedRegex(@"^late: (\S+) (\S+) (-?\d+) \(line \d+\)$")]
    private static partial Regex LateLine();
}
