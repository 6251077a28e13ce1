namespace Orleans.Dataflow.Grains.Execution;

/// <summary>The untyped face of an input operator that the worker loop drives: poll, cut epochs, wake-ups.</summary>
internal interface IInputDriver
{
    bool IsDone { get; }

    long Epoch { get; }

    DateTimeOffset? NextAwake { get; }

    bool Poll(DateTimeOffset now, Func<bool> backedUp);

    void AdvanceEpoch(long epoch);
}
