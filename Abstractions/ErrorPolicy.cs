using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow;

/// <summary>What a step does with a record its code throws on (a poison record): fail the run, skip the record, or send it to a dead-letter sink.</summary>
/// <remarks>
/// <para>
/// Set per flow with <see cref="Dataflow.ErrorPolicy"/> and per step with <see cref="ErrorPolicyExtensions.OnError{TStream}"/>.
/// It applies to the code a step runs per record — maps, filters, key functions, stateful and window logic, joins
/// — not to sources and sinks, whose failures are not one record's, nor to batch functions such as
/// <c>FlatMapBatch</c>, which cannot tell which record failed (they always fail the run).
/// </para>
/// <para>
/// A skipped record is gone from the flow: what the step emitted for it before it threw stays, and a stateful
/// step's state for its key is as the logic left it. Replayed after a recovery, the record throws again and is
/// skipped again, so a resumed run agrees with an uninterrupted one. Dead letters are written at once, on the
/// worker that skipped the record, by that worker's partition of the sink: at least once, as any dynamic sink.
/// </para>
/// </remarks>
public sealed class ErrorPolicy
{
    private ErrorPolicy(ErrorPolicyKind kind, DynamicSink<DeadLetter>? deadLetters)
    {
        Kind = kind;
        DeadLetters = deadLetters;
    }

    /// <summary>Fail the run on the first record a step throws on (the default).</summary>
    public static ErrorPolicy Fail { get; } = new(ErrorPolicyKind.Fail, null);

    /// <summary>Pass over records a step throws on; the step's status counts them, and the engine logs them as warnings (the first ten per step and worker, then every thousandth).</summary>
    public static ErrorPolicy Skip { get; } = new(ErrorPolicyKind.Skip, null);

    /// <summary>What this policy does.</summary>
    public ErrorPolicyKind Kind { get; }

    /// <summary>Where <see cref="ErrorPolicyKind.DeadLetter"/> writes the records passed over; null otherwise.</summary>
    public DynamicSink<DeadLetter>? DeadLetters { get; }

    /// <summary>Pass over records a step throws on, writing each with the step, epoch and exception to <paramref name="sink"/> (for example a <c>StdOutSink&lt;DeadLetter&gt;</c>).</summary>
    public static ErrorPolicy DeadLetter(DynamicSink<DeadLetter> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return new(ErrorPolicyKind.DeadLetter, sink);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind.ToString();
}
