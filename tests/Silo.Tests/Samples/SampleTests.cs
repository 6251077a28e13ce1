using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>Runs the scripts in samples/ through the CLI, as a user would, and checks what they print.</summary>
[Collection(ConsoleCollection.Name)]
public class SampleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void WordCount_AnyWorkerCount_MatchesAnIndependentCount(int workers)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("samples", "data", "wordcount.txt"));
        var expected = Regex.Matches(text.ToLowerInvariant(), @"\p{L}+")
            .GroupBy(m => m.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

        // No --arg input: the default path is not under the test's current directory, so this also checks
        // that the script falls back to the directory above itself.
        var run = CliRun.Invoke(["run", RepositoryPaths.Combine("samples", "wordcount.csx"), "-q", "-w", workers.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == ExitCodes.Success, $"exit code {run.ExitCode}: {run.Error}");
        Assert.Equal(string.Empty, run.Error);
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in run.OutLines)
        {
            var parts = line.Split('\t');
            Assert.True(parts.Length == 2, $"not a word<TAB>count line: '{line}'");
            Assert.True(counted.TryAdd(parts[0], long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture)), $"word '{parts[0]}' printed twice");
        }

        Assert.True(expected.Count > 300, "the sample text should have a few hundred distinct words");
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), counted.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void WordCount_InputArg_CountsThatFile()
    {
        using var dir = new TempDirectory();
        var input = dir.Write("tiny.txt", "The cat, the HAT;\n\nthe end-of-line\r\nCafé café\n");

        var run = CliRun.Invoke(["run", RepositoryPaths.Combine("samples", "wordcount.csx"), "--arg", $"input={input}"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(
            new[] { "café\t2", "cat\t1", "end\t1", "hat\t1", "line\t1", "of\t1", "the\t3" },
            run.OutLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WordCount_MissingInput_ExitsOneNamingTheFile()
    {
        var run = CliRun.Invoke(["run", RepositoryPaths.Combine("samples", "wordcount.csx"), "-q", "--arg", "input=no/such/file.txt"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("no/such/file.txt", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RunningCount_NoOutputArg_PrintsACountPerWordInTheOrderOfTheText()
    {
        using var dir = new TempDirectory();

        var run = CliRun.Invoke(["run", RepositoryPaths.Combine("samples", "running_count.csx"), "-q", "--arg", $"input={dir.Write("tiny.txt", "The cat\nthe hat, THE end\n")}"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["the\t1", "cat\t1", "the\t2", "hat\t1", "the\t3", "end\t1"], run.OutLines);
    }

    [Theory]
    [InlineData("running_average.csx")]
    [InlineData("branch_merge.csx")]
    public void Sample_OneWorker_PrintsExactlyWhatItsHeaderDocuments(string sample)
    {
        var path = RepositoryPaths.Combine("samples", sample);
        var documented = DocumentedOutput(path);

        var run = CliRun.Invoke(["run", path, "-q"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(documented, run.OutLines.Select(Normalize));
    }

    [Theory]
    [InlineData("running_average.csx")]
    [InlineData("branch_merge.csx")]
    public void Sample_FourWorkers_PrintsTheSameLinesInSomeOrder(string sample)
    {
        var path = RepositoryPaths.Combine("samples", sample);
        var documented = DocumentedOutput(path);

        var run = CliRun.Invoke(["run", path, "-w", "4"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(documented.Order(StringComparer.Ordinal), run.OutLines.Select(Normalize).Order(StringComparer.Ordinal));
    }

    /// <summary>The indented comment block after "the output is exactly", with runs of whitespace made single spaces.</summary>
    private static List<string> DocumentedOutput(string script)
    {
        var lines = File.ReadAllLines(script);
        var start = Array.FindIndex(lines, l => l.Contains("the output is exactly", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{script} does not document its output");
        var documented = lines.Skip(start + 1)
            .SkipWhile(l => l.Trim() == "//")
            .TakeWhile(l => l.StartsWith("//   ", StringComparison.Ordinal))
            .Select(l => Normalize(l[2..]))
            .ToList();
        Assert.NotEmpty(documented);
        return documented;
    }

    private static string Normalize(string line) => Regex.Replace(line.Trim(), @"\s+", " ");
}
