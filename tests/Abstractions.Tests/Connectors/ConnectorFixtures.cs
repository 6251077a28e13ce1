namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>The input files of Bytewax's connector tests (pytests/fixtures), written into a temp directory.</summary>
internal static class ConnectorFixtures
{
    public static readonly string[] PartitionPrefixes = ["one", "two", "three", "four", "five"];

    /// <summary>blank-lines.txt: lines with empty lines between them.</summary>
    public const string BlankLines = "one\n\ntwo\n\n\nthree\nfour\n\nfive\n";

    /// <summary>The lines of <see cref="BlankLines"/>, as FileSource must emit them.</summary>
    public static readonly string[] BlankLinesItems = ["one", "", "two", "", "", "three", "four", "", "five"];

    /// <summary>metrics.csv: a header and 8 rows.</summary>
    public const string MetricsCsv =
        "index,timestamp,value,instance\n" +
        "0,2022-02-24 11:42:08,0.132,24ae8d\n" +
        "0,2022-02-24 11:42:08,0.066,c6585a\n" +
        "0,2022-02-24 11:42:08,42.652,ac20cd\n" +
        "0,2022-02-24 11:42:08,51.846,5f5533\n" +
        "0,2022-02-24 11:42:08,2.296,fe7f93\n" +
        "0,2022-02-24 11:42:08,1.732,53ea38\n" +
        "0,2022-02-24 11:42:08,91.958,825cc2\n" +
        "0,2022-02-24 11:42:08,0.068,77c1ca\n";

    /// <summary>The (value, instance) columns of the rows of <see cref="MetricsCsv"/>.</summary>
    public static readonly (string Value, string Instance)[] MetricsRows =
    [
        ("0.132", "24ae8d"), ("0.066", "c6585a"), ("42.652", "ac20cd"), ("51.846", "5f5533"),
        ("2.296", "fe7f93"), ("1.732", "53ea38"), ("91.958", "825cc2"), ("0.068", "77c1ca"),
    ];

    /// <summary>The lines of partition file <paramref name="prefix"/>: "one1" … "one6".</summary>
    public static string[] PartitionLines(string prefix) => [.. Enumerable.Range(1, 6).Select(i => $"{prefix}{i}")];

    /// <summary>Writes dir_input/partition-1.txt … partition-5.txt under <paramref name="temp"/>; returns the dir_input path.</summary>
    public static string WriteDirInput(TempDirectory temp)
    {
        for (var i = 0; i < PartitionPrefixes.Length; i++)
        {
            temp.Write($"dir_input/partition-{i + 1}.txt", string.Concat(PartitionLines(PartitionPrefixes[i]).Select(l => l + "\n")));
        }

        return temp.File("dir_input");
    }
}
