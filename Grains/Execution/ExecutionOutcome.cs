namespace Orleans.Dataflow.Grains.Execution;

/// <summary>How a run ended, when it ended without error.</summary>
[GenerateSerializer]
public enum ExecutionOutcome
{
    /// <summary>Every input reached EOF and every step drained it.</summary>
    Completed,

    /// <summary>A stop was requested (Ctrl+C, SIGTERM, cancellation); the current epoch was closed first.</summary>
    Stopped,

    /// <summary>A source aborted the run, as a crash would: no EOF was processed.</summary>
    Aborted,
}
