using System.Text;
using Confluent.Kafka;

namespace Orleans.Dataflow.Kafka.Tests.Support;

/// <summary>A Kafka cluster as a transactional producer sees it, in memory: what <c>read_committed</c> consumers would read, each transactional id's mark, fencing — the parts librdkafka's mock cluster does not implement — and every call, in order.</summary>
/// <remarks>
/// Thread-safe. <see cref="ITransactionalProducer.InitTransactions"/> for an id aborts the transaction an earlier producer with it left open
/// and fences that producer: its later calls throw a <see cref="KafkaException"/> with <see cref="Confluent.Kafka.ErrorCode.Local_Fenced"/>.
/// Message values are read as UTF-8.
/// </remarks>
internal sealed class RecordingKafka
{
    private readonly object _gate = new();
    private readonly List<string> _calls = [];
    private readonly List<string> _committed = [];
    private readonly Dictionary<string, long> _marks = [];
    private readonly Dictionary<string, int> _generations = [];
    private readonly Dictionary<string, List<string>> _open = [];
    private int _abortNextCommits;

    /// <summary>Every call made, as <c>{transactional id}: {call}</c>.</summary>
    public List<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Every value of every committed transaction, in commit order: what a <c>read_committed</c> consumer reads.</summary>
    public List<string> Committed
    {
        get
        {
            lock (_gate)
            {
                return [.. _committed];
            }
        }
    }

    /// <summary>A producer for <paramref name="transactionalId"/>, as <see cref="KafkaSink{TKey,TValue}"/>'s producer factory makes them.</summary>
    public ITransactionalProducer Producer(string transactionalId) => new RecordedProducer(this, transactionalId);

    /// <summary>Makes the next <paramref name="count"/> commits fail as Kafka does when a transaction must be aborted.</summary>
    public void AbortNextCommits(int count)
    {
        lock (_gate)
        {
            _abortNextCommits = count;
        }
    }

    /// <summary>The calls made by <paramref name="transactionalId"/>'s producers, without the id.</summary>
    public List<string> CallsOf(string transactionalId) =>
        Calls.Where(c => c.StartsWith(transactionalId + ": ", StringComparison.Ordinal)).Select(c => c[(transactionalId.Length + 2)..]).ToList();

    private int Init(string id)
    {
        lock (_gate)
        {
            _calls.Add($"{id}: init");
            _open.Remove(id);
            return _generations[id] = _generations.GetValueOrDefault(id) + 1;
        }
    }

    private long MarkOf(string id)
    {
        lock (_gate)
        {
            return _marks.GetValueOrDefault(id, -1);
        }
    }

    private void Act(string id, int generation, string call, Action<List<string>?> act)
    {
        lock (_gate)
        {
            if (_generations[id] != generation)
            {
                throw new KafkaException(new Error(Confluent.Kafka.ErrorCode.Local_Fenced, "the producer was fenced by a newer one with the same transactional.id"));
            }

            _calls.Add($"{id}: {call}");
            act(_open.GetValueOrDefault(id));
        }
    }

    private sealed class RecordedProducer(RecordingKafka kafka, string id) : ITransactionalProducer
    {
        private int _generation;

        public string TransactionalId => id;

        public long InitTransactions()
        {
            _generation = kafka.Init(id);
            return kafka.MarkOf(id);
        }

        public void BeginTransaction() => kafka.Act(id, _generation, "begin", open =>
        {
            Assert.Null(open);
            kafka._open[id] = [];
        });

        public void Produce(KafkaOutgoing message)
        {
            var value = Encoding.UTF8.GetString(message.Value!);
            kafka.Act(id, _generation, $"produce {value}", open =>
            {
                Assert.NotNull(open);
                open.Add(value);
            });
        }

        public void Flush() => kafka.Act(id, _generation, "flush", _ => { });

        public void CommitTransaction(long lastEpoch) => kafka.Act(id, _generation, $"commit {lastEpoch}", open =>
        {
            Assert.NotNull(open);
            if (kafka._abortNextCommits > 0)
            {
                kafka._abortNextCommits--;
                throw new KafkaTxnRequiresAbortException(new Error(Confluent.Kafka.ErrorCode.InvalidTxnState, "the transaction must be aborted"));
            }

            kafka._committed.AddRange(open);
            kafka._marks[id] = lastEpoch;
            kafka._open.Remove(id);
        });

        public void AbortTransaction() => kafka.Act(id, _generation, "abort", _ => kafka._open.Remove(id));

        public void Dispose()
        {
        }
    }
}
