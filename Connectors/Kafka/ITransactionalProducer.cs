namespace Orleans.Dataflow.Kafka;

/// <summary>The Kafka calls a transactional sink partition makes, behind an interface so that tests can check the protocol it drives.</summary>
/// <remarks>
/// Called from the partition's worker thread only. Kafka's errors come out as Confluent's <c>KafkaException</c>
/// (fencing, a transaction that must be aborted) or as a <see cref="KafkaDeliveryException"/> from
/// <see cref="Flush"/> when a message was refused.
/// </remarks>
internal interface ITransactionalProducer : IDisposable
{
    /// <summary>The producer's <c>transactional.id</c>.</summary>
    string TransactionalId { get; }

    /// <summary>Registers the transactional id with Kafka, which fences every earlier producer with it and aborts the transaction it left open; returns the last epoch a committed transaction of this id was marked with, or -1 for none.</summary>
    long InitTransactions();

    /// <summary>Opens a transaction: what is produced until its commit or abort belongs to it.</summary>
    void BeginTransaction();

    /// <summary>Sends <paramref name="message"/> in the open transaction, waiting while the producer's queue is full.</summary>
    void Produce(KafkaOutgoing message);

    /// <summary>Waits until every message produced is acknowledged; throws the first delivery failure.</summary>
    void Flush();

    /// <summary>Commits the open transaction, marked with <paramref name="lastEpoch"/>, the last epoch whose messages it holds, which <see cref="InitTransactions"/> returns after a restart.</summary>
    void CommitTransaction(long lastEpoch);

    /// <summary>Aborts the open transaction: consumers reading committed records never see its messages.</summary>
    void AbortTransaction();
}
