namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>The flow scripts the service tests submit.</summary>
internal static class ServiceScripts
{
    /// <summary>Counts the words of <c>Args["input"]</c> and writes <c>word TAB count</c> lines to <c>Args["output"]</c> at the end.</summary>
    public const string Count = """
        var flow = new Dataflow("count");
        flow.Input("read", new FileSource(Args["input"]))
            .FlatMap("words", line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .CountFinal("count", word => word)
            .Map("format", wc => (wc.Key, $"{wc.Key}\t{wc.Value}"))
            .Output("out", new FileSink(Args["output"]));
        flow
        """;

    /// <summary>Counts the lines of <c>Args["input"]</c> by their first word, a millisecond a line, and writes <c>word TAB count</c> lines to <c>Args["output"]</c> at the end: a stateful flow that runs long enough to be looked at.</summary>
    public const string SlowCount = """
        var flow = new Dataflow("slowcount");
        flow.Input("read", new FileSource(Args["input"]))
            .Map("slow", line => { System.Threading.Thread.Sleep(1); return line; })
            .CountFinal("count", line => line.Split(' ')[0])
            .Map("format", wc => (wc.Key, $"{wc.Key}\t{wc.Value}"))
            .Output("out", new FileSink(Args["output"]));
        flow
        """;

    /// <summary>Counts the words <c>Words(line)</c> finds in the lines of <c>Args["input"]</c> and writes <c>word count</c> lines to <c>Args["output"]</c>: <c>Words</c> is in <c>lib/words.csx</c>, which the script loads.</summary>
    public const string Loading = """
        #load "lib/words.csx"
        var flow = new Dataflow("loading");
        flow.Input("read", new FileSource(Args["input"]))
            .FlatMap("split", Words)
            .CountFinal("count", word => word)
            .Map("line", pair => (pair.Key, $"{pair.Key} {pair.Value}"))
            .Output("out", new FileSink(Args["output"]));
        flow
        """;

    /// <summary>Copies the lines of <c>Args["input"]</c> to <c>Args["output"]</c> but fails on the line <c>b</c>, every time: a flow no restart helps.</summary>
    public const string Poison = """
        var flow = new Dataflow("poison");
        flow.Input("read", new FileSource(Args["input"]))
            .Map("parse", line => line == "b" ? throw new FormatException("cannot parse b") : ("all", line))
            .Output("out", new FileSink(Args["output"]));
        flow
        """;

    /// <summary>Copies the lines of <c>Args["input"]</c> to <c>Args["output"]</c>, a millisecond a line, so that a test can stop or kill it mid-run.</summary>
    public const string SlowCopy = """
        var flow = new Dataflow("copy");
        flow.Input("read", new FileSource(Args["input"]))
            .Map("slow", line => { System.Threading.Thread.Sleep(1); return ("all", line); })
            .Output("out", new FileSink(Args["output"]));
        flow
        """;

    /// <summary>Counts the words of <c>Args["input"]</c>, a millisecond a line so that a test can kill a silo mid-run, and writes <c>word TAB count</c> lines to <c>Args["output"]</c> at the end.</summary>
    public const string SlowWordCount = """
        var flow = new Dataflow("count");
        flow.Input("read", new FileSource(Args["input"]))
            .FlatMap("words", line => { System.Threading.Thread.Sleep(1); return line.Split(' ', StringSplitOptions.RemoveEmptyEntries); })
            .CountFinal("count", word => word)
            .Map("format", wc => (wc.Key, $"{wc.Key}\t{wc.Value}"))
            .Output("out", new FileSink(Args["output"]));
        flow
        """;
}
