using Confluent.Kafka;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Kafka;

/// <summary>One transactional producer of a <see cref="KafkaSink{TKey,TValue}"/>: the messages of each epoch go to Kafka in a transaction that commits only once the recovery store has committed the epoch.</summary>
/// <remarks>
/// <para>
/// A transaction opens with the first message after the previous one committed and takes messages until an epoch
/// closes; then it is flushed and sealed, and messages of later epochs wait in memory until the store commits the
/// sealed epoch, the transaction commits (marked with that epoch) and the next one opens with them. So a transaction
/// holds one epoch when commits keep up, and several when they lag; each committed transaction's mark is its last epoch.
/// </para>
/// <para>
/// Every closed epoch's messages stay in the snapshot until their transaction committed. A resumed partition fences its
/// predecessor (<see cref="ITransactionalProducer.InitTransactions"/>, which aborts the transaction it left open: the epochs
/// after the store's commit, which the flow replays), then sends again, in a transaction of its own, the epochs of its
/// snapshot that Kafka's mark says it lacks: committed in the store, not in Kafka.
/// </para>
/// </remarks>
internal sealed class KafkaTransactionalSinkPartition<TKey, TValue> : StatefulSinkPartition<KafkaSinkMessage<TKey, TValue>, KafkaSinkState>, IEpochAwareSinkPartition
{
    // How often a commit Kafka says must be aborted is tried again, each time in a fresh transaction with the same messages.
    private const int CommitAttempts = 3;
    private readonly KafkaSinkOptions _options;
    private readonly KafkaSerde<TKey> _keySerde;
    private readonly KafkaSerde<TValue> _valueSerde;
    private readonly ITransactionalProducer _producer;
    private readonly KeyValuePair<string, object?> _topicTag;
    private readonly List<KafkaSinkEpoch> _kept = [];
    private List<KafkaOutgoing> _current = [];
    private bool _inTransaction;
    private bool _currentInTransaction;
    private int _sealedEpochs;
    private long _acknowledged;
    private int _unflushed;

    public KafkaTransactionalSinkPartition(KafkaSinkOptions options, KafkaSerde<TKey> keySerde, KafkaSerde<TValue> valueSerde, ITransactionalProducer producer, KafkaSinkState? resumed)
    {
        _options = options;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _producer = producer;
        _topicTag = new("topic", options.Topic);
        _acknowledged = resumed?.Acknowledged ?? 0;
        try
        {
            var committedInKafka = Call("initialize transactions", _producer.InitTransactions);
            if (resumed is null)
            {
                // A first start: clear any mark an earlier flow of the same name left, which would hide epochs of this one after a crash.
                Call("begin a transaction", _producer.BeginTransaction);
                Commit(-1);
                return;
            }

            // Every epoch in the snapshot is committed in the store; those Kafka lacks go again, at once.
            _kept.AddRange(resumed.Unconfirmed.Where(e => e.Epoch > committedInKafka));
            CommitCommittedBacklog(long.MaxValue);
        }
        catch
        {
            _producer.Dispose();
            throw;
        }
    }

    public string TransactionalId => _producer.TransactionalId;

    public override void WriteBatch(IReadOnlyList<KafkaSinkMessage<TKey, TValue>> values)
    {
        var start = _current.Count;
        foreach (var value in values)
        {
            _current.Add(KafkaOutgoing.From(value, _keySerde, _valueSerde));
        }

        if (!_inTransaction)
        {
            OpenWithBacklog();
        }
        else if (_currentInTransaction)
        {
            Produce(_current, start);
        }

        KafkaMeters.Produced.Add(values.Count, _topicTag);
    }

    public void EpochClosed(long epoch)
    {
        if (_current.Count == 0)
        {
            return;
        }

        _kept.Add(new KafkaSinkEpoch(epoch, _current));
        _current = [];
        if (_currentInTransaction)
        {
            Seal();
        }
    }

    public override KafkaSinkState Snapshot() => new(_acknowledged, [.. _kept]);

    public void EpochCommitted(long epoch) => CommitCommittedBacklog(epoch);

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        try
        {
            if (_inTransaction)
            {
                // The flow failed or stopped before these epochs committed: their messages must not become visible. The
                // next producer with this id would abort the transaction anyway; aborting now spares consumers the wait.
                _producer.AbortTransaction();
            }
        }
        catch (KafkaException)
        {
            // Nothing is lost: Kafka aborts the transaction at its timeout or when the next producer with this id starts.
        }
        finally
        {
            _producer.Dispose();
        }
    }

    /// <summary>Commits the sealed transaction once the store has committed its last epoch, then opens the next with every message waiting; what is already committed in the store is committed at once.</summary>
    private void CommitCommittedBacklog(long committed)
    {
        while (true)
        {
            if (_inTransaction && !_currentInTransaction && _kept[_sealedEpochs - 1].Epoch <= committed)
            {
                Commit(_kept[_sealedEpochs - 1].Epoch);
                _kept.RemoveRange(0, _sealedEpochs);
                _sealedEpochs = 0;
            }

            if (_inTransaction || (_kept.Count == 0 && _current.Count == 0))
            {
                return;
            }

            OpenWithBacklog();
            if (_current.Count > 0)
            {
                // The current epoch's messages are in it: it seals when that epoch closes.
                return;
            }

            Seal();
        }
    }

    /// <summary>Opens a transaction with every closed epoch waiting and the current epoch's messages; later messages of the current epoch go straight in.</summary>
    private void OpenWithBacklog()
    {
        Call("begin a transaction", _producer.BeginTransaction);
        _inTransaction = true;
        _currentInTransaction = true;
        foreach (var epoch in _kept)
        {
            Produce(epoch.Messages, 0);
        }

        Produce(_current, 0);
    }

    /// <summary>Waits until Kafka acknowledged every message of the open transaction, which from now on takes no more: it holds every kept epoch.</summary>
    private void Seal()
    {
        FlushTransaction();
        KafkaMeters.Acknowledged.Add(_unflushed, _topicTag);
        _acknowledged += _unflushed;
        _unflushed = 0;
        _currentInTransaction = false;
        _sealedEpochs = _kept.Count;
    }

    private void Produce(IReadOnlyList<KafkaOutgoing> messages, int from)
    {
        for (var i = from; i < messages.Count; i++)
        {
            Call("write", () => _producer.Produce(messages[i]));
            _unflushed++;
        }
    }

    /// <summary>Commits the open, flushed transaction marked with <paramref name="lastEpoch"/>; when Kafka says it must be aborted instead, sends its epochs again in a new one.</summary>
    private void Commit(long lastEpoch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _producer.CommitTransaction(lastEpoch);
                _inTransaction = false;
                return;
            }
            catch (KafkaTxnRequiresAbortException e) when (attempt < CommitAttempts && !IsFencing(e.Error.Code))
            {
                Call("abort a transaction", _producer.AbortTransaction);
                Call("begin a transaction", _producer.BeginTransaction);
                foreach (var epoch in _kept.Take(_sealedEpochs))
                {
                    Produce(epoch.Messages, 0);
                }

                FlushTransaction();
            }
            catch (KafkaRetriableException) when (attempt < CommitAttempts)
            {
                // The commit's outcome is unknown and Kafka asks for the same call again, which completes it.
            }
            catch (KafkaException e)
            {
                throw Failure($"commit the transaction of epoch {lastEpoch}", e);
            }
        }
    }

    /// <summary>Waits for every message of the open transaction to be acknowledged; a message refused because the producer was fenced fails as fenced.</summary>
    private void FlushTransaction()
    {
        try
        {
            _producer.Flush();
        }
        catch (KafkaDeliveryException e) when (IsFencing(e.Error))
        {
            throw Failure("flush", e.Error, e.Message, e);
        }
    }

    private void Call(string what, Action call) => Call(what, () =>
    {
        call();
        return 0;
    });

    private T Call<T>(string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (KafkaException e)
        {
            throw Failure(what, e);
        }
    }

    private KafkaTransactionException Failure(string what, KafkaException e) => Failure(what, e.Error.Code, e.Error.Reason, e);

    private KafkaTransactionException Failure(string what, ErrorCode code, string reason, Exception inner) => IsFencing(code)
        ? new KafkaTransactionException(_options.Topic, TransactionalId, code, fenced: true,
            $"the transactional producer '{TransactionalId}' for topic '{_options.Topic}' was fenced: another producer with the same transactional.id started (is the flow running twice?), so this one stops ({reason}, {code})", inner)
        : new KafkaTransactionException(_options.Topic, TransactionalId, code, fenced: false,
            $"the transactional producer '{TransactionalId}' for topic '{_options.Topic}' could not {what}: {reason} ({code})", inner);

    private static bool IsFencing(ErrorCode code) => code is ErrorCode.Local_Fenced or ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch;
}
