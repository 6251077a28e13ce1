using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Samples.AspNetHost;

/// <summary>The word count's results, shared by the flow's sink (which adds counts) and the endpoint (which reads them).</summary>
/// <remarks>Thread-safe: the sink's partitions write from the workers' threads while requests read.</remarks>
public sealed class WordCounts
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private string _status = "running";
    private string? _error;

    /// <summary>Records final counts: <c>CountFinal</c> emits each word once, from the worker that owns it.</summary>
    public void Add(IEnumerable<(string Word, long Count)> counts)
    {
        lock (_gate)
        {
            foreach (var (word, count) in counts)
            {
                _counts[word] = count;
            }
        }
    }

    /// <summary>Records how the flow ended.</summary>
    public void End(ExecutionOutcome outcome)
    {
        lock (_gate)
        {
            _status = outcome.ToString().ToLowerInvariant();
        }
    }

    /// <summary>Records that the flow failed, and why.</summary>
    public void Fail(Exception error)
    {
        lock (_gate)
        {
            _status = "failed";
            _error = error.Message;
        }
    }

    /// <summary>A copy of the status and counts as they are now.</summary>
    public WordCountReport Report()
    {
        lock (_gate)
        {
            return new WordCountReport(_status, _error, new SortedDictionary<string, long>(_counts, StringComparer.Ordinal));
        }
    }
}
