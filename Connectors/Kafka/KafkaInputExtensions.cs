using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Kafka;

/// <summary>The Kafka input operator: reads a <see cref="KafkaSource{TKey,TValue}"/> and splits what it reads into messages and errors.</summary>
public static class KafkaInputExtensions
{
    /// <summary>Adds an input reading <paramref name="source"/>, and returns its messages and its deserialization errors as two streams.</summary>
    /// <remarks>
    /// <b>Emits:</b> on <see cref="KafkaSourceOut{TKey,TValue}.Messages"/> every record read, in offset order within each
    /// topic-partition; on <see cref="KafkaSourceOut{TKey,TValue}.Errors"/> the records that could not be deserialized, when
    /// the source's policy is <see cref="KafkaErrorPolicy.ToErrors"/>. <b>At epoch close:</b> each partition snapshots its
    /// offset. <b>At EOF:</b> only without tailing, once every partition reached its end.
    /// Made of the steps <c>{stepId}.read</c> (the input, whose id the snapshots carry), <c>{stepId}.messages</c> and <c>{stepId}.errors</c>.
    /// </remarks>
    public static KafkaSourceOut<TKey, TValue> KafkaInput<TKey, TValue>(this Dataflow flow, string stepId, KafkaSource<TKey, TValue> source)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(source);
        flow.ReserveScope(stepId);
        var read = new InputStep<KafkaSourceItem<TKey, TValue>>($"{stepId}.read", source);
        flow.AddNested(stepId, read);
        var items = new Stream<KafkaSourceItem<TKey, TValue>>(flow, read, 0);
        var messages = new UnaryStep<KafkaSourceItem<TKey, TValue>, KafkaMessage<TKey, TValue>>($"{stepId}.messages", "kafka_messages", items, _ => static (batch, output) =>
        {
            foreach (var item in batch)
            {
                if (item.Message is { } message)
                {
                    output.Emit(message);
                }
            }
        });
        flow.AddNested(stepId, messages);
        var errors = new UnaryStep<KafkaSourceItem<TKey, TValue>, KafkaSourceError>($"{stepId}.errors", "kafka_errors", items, _ => static (batch, output) =>
        {
            foreach (var item in batch)
            {
                if (item.Error is { } error)
                {
                    output.Emit(error);
                }
            }
        });
        flow.AddNested(stepId, errors);
        return new KafkaSourceOut<TKey, TValue>(new Stream<KafkaMessage<TKey, TValue>>(flow, messages, 0), new Stream<KafkaSourceError>(flow, errors, 0));
    }
}
