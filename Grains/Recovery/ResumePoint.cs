using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>What an execution resumes from: its first epoch, and the newest snapshot before it of every live key, source partition and sink partition.</summary>
public sealed class ResumePoint
{
    private static readonly IReadOnlyDictionary<string, byte[]> _none = new Dictionary<string, byte[]>();
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> _steps;
    private readonly Func<string, string, string> _locate;

    /// <summary>Creates a resume point at <paramref name="epoch"/> with <paramref name="steps"/>: step id → key → snapshot bytes.</summary>
    /// <param name="epoch">The first epoch of the resumed execution.</param>
    /// <param name="steps">The newest snapshot before <paramref name="epoch"/> of every live key, by step id.</param>
    /// <param name="locate">Says where a step's key is stored (a partition file, a table), for error messages; default: "the recovery store".</param>
    /// <param name="execution">The number the store gave the execution that resumes from here; 0 when none began (a read, a first run without a store).</param>
    public ResumePoint(long epoch, IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> steps, Func<string, string, string>? locate = null, long execution = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, DataflowExecution.FirstEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(execution);
        Epoch = epoch;
        Execution = execution;
        _steps = steps;
        _locate = locate ?? ((_, _) => "the recovery store");
    }

    /// <summary>A first run: no state, starting at <see cref="DataflowExecution.FirstEpoch"/>.</summary>
    public static ResumePoint Fresh { get; } = new(DataflowExecution.FirstEpoch, new Dictionary<string, IReadOnlyDictionary<string, byte[]>>());

    /// <summary>The first epoch of the resumed execution: one after the last committed epoch.</summary>
    public long Epoch { get; }

    /// <summary>The number the store gave the execution that resumes from here (<see cref="IRecoveryStore.BeginExecution"/>): its writes are fenced by it.</summary>
    public long Execution { get; }

    /// <summary>A copy of this resume point for execution <paramref name="execution"/>.</summary>
    public ResumePoint ForExecution(long execution) => new(Epoch, _steps, _locate, execution);

    /// <summary>Whether anything was committed before, so there is state to resume.</summary>
    public bool IsResume => Epoch > DataflowExecution.FirstEpoch;

    /// <summary>The snapshot of <paramref name="key"/> (a key of a stateful step, or a partition of a source or sink) of step <paramref name="stepId"/>, or null when it has none.</summary>
    public byte[]? StateOf(string stepId, string key) => KeysOf(stepId).TryGetValue(key, out var state) ? state : null;

    /// <summary>Where the snapshot of <paramref name="key"/> of <paramref name="stepId"/> is stored, for error messages.</summary>
    public string Locate(string stepId, string key) => _locate(stepId, key);

    /// <summary>The ids of the steps that have snapshots.</summary>
    public IEnumerable<string> StepIds => _steps.Keys;

    /// <summary>Every key of step <paramref name="stepId"/> that has a snapshot, with it.</summary>
    public IReadOnlyDictionary<string, byte[]> KeysOf(string stepId) => _steps.TryGetValue(stepId, out var keys) ? keys : _none;
}
