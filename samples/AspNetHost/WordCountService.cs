using System.Text.RegularExpressions;
using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;

namespace Orleans.Dataflow.Samples.AspNetHost;

/// <summary>Runs the word count on this host's own silo once the host has started, and records its end in <see cref="WordCounts"/>.</summary>
/// <remarks>
/// Registered after <c>UseOrleans</c>, so it starts after the silo answers and is stopped before the silo: a host
/// shutdown stops the flow gracefully (after its current epoch) while its partition grains can still report.
/// The input is the text file at configuration key <c>WordCount:Input</c>, relative to the content root.
/// </remarks>
public sealed partial class WordCountService(IGrainFactory grains, DataflowExecutionCatalog catalog, WordCounts counts, IConfiguration configuration,
    IHostEnvironment environment, ILogger<WordCountService> logger) : BackgroundService
{
    /// <summary>Partition grains the flow runs on, each a worker thread.</summary>
    private const int Workers = 2;

    /// <summary>Builds the flow and runs it until its input ends or the host stops.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var input = Path.Combine(environment.ContentRootPath, configuration["WordCount:Input"]
            ?? throw new InvalidOperationException("configuration key WordCount:Input (the text file to count) is missing"));
        var flow = new Dataflow("wordcount");
        flow.Input("read", new FileSource(input))
            .FlatMap("words", line => Word().Matches(line.ToLowerInvariant()).Select(word => word.Value))
            .CountFinal("count", word => word)
            .Output("out", new WordCountsSink(counts));
        try
        {
            var result = await ClusterExecution.RunAsync(grains, catalog, flow, new ExecutionOptions(), Workers, stoppingToken);
            counts.End(result.Outcome);
        }
        catch (Exception e)
        {
            // A failed flow is the endpoint's news, not a reason to stop the web app (a BackgroundService that throws stops its host).
            logger.LogError(e, "the word count failed");
            counts.Fail(e);
        }
    }

    /// <summary>A word: a maximal run of letters, as in <c>samples/wordcount.csx</c>.</summary>
    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
