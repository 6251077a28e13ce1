namespace Orleans.Dataflow.Client;

/// <summary>How a submitted flow runs: its id, partitions, epochs, recovery store and arguments.</summary>
public sealed record SubmitOptions
{
    /// <summary>The flow's id in the cluster (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>); null: the file's name without its extension.</summary>
    public string? Id { get; init; }

    /// <summary>Which flow of an assembly to build (for a script: the id its flow must have); null for the only one.</summary>
    public string? FlowName { get; init; }

    /// <summary>How many partitions (workers) the flow runs on across the cluster.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>How often sources cut an epoch: the snapshot interval.</summary>
    public TimeSpan EpochInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The recovery store: a directory (relative ones are under the silos' data directory, or in their clustering database when they share one) or a <c>postgres://</c> URL; null: <c>stores/{id}</c> there.</summary>
    public string? RecoveryStore { get; init; }

    /// <summary>Whether the flow runs without a recovery store: a lost silo then fails it, and it does not resume after a restart.</summary>
    public bool NoRecovery { get; init; }

    /// <summary>How many times a failed execution is started again from the last committed epoch (after 1, 2, 4, … s) before the flow stays failed; only with a recovery store.</summary>
    public int MaxRestarts { get; init; } = 3;

    /// <summary>The <c>--arg</c> values the flow is built with.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
