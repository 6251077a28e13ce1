namespace Orleans.Dataflow;

/// <summary>The three things a step can do with a record its code throws on.</summary>
public enum ErrorPolicyKind
{
    /// <summary>Fail the run, naming the flow, step, worker and record (the default).</summary>
    Fail,

    /// <summary>Pass over the record and go on; the step counts it.</summary>
    Skip,

    /// <summary>Pass over the record and write it, with the step, epoch and exception, to a dead-letter sink.</summary>
    DeadLetter,
}
