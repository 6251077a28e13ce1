using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Orleans.Dataflow.Kafka.Testing;

/// <summary>A Kafka cluster for tests and benchmarks: librdkafka's mock cluster on loopback, started through its C API in the native library Confluent.Kafka loaded; destroyed on dispose.</summary>
/// <remarks>
/// The mock refuses the admin API's CreateTopics, so <see cref="CreateTopic"/> goes through
/// <c>rd_kafka_mock_topic_create</c>. The cluster lives inside a librdkafka handle this class owns (a producer that
/// sends nothing); its brokers listen on 127.0.0.1 on ports the OS picks. It is librdkafka's mock, not Kafka: it
/// ignores read_committed isolation, and its throughput is its own. Linux only (it finds the loaded library through
/// <c>/proc/self/maps</c>).
/// </remarks>
public sealed class KafkaMockCluster : IDisposable
{
    // Not the library's own name: calls with this name resolve to the very file Confluent.Kafka loaded.
    private const string Native = "rdkafka-as-loaded-by-confluent";
    private const int ProducerType = 0;
    private const short ProduceApiKey = 0;

    private IntPtr _handle;
    private IntPtr _cluster;

    static KafkaMockCluster() => NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, Resolve);

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers.</summary>
    /// <exception cref="InvalidOperationException">librdkafka could not start it.</exception>
    public KafkaMockCluster(int brokers = 3)
    {
        var conf = rd_kafka_conf_new();
        var error = new StringBuilder(512);
        // A handle without brokers, that never connects anywhere: it only owns the mock cluster.
        _handle = rd_kafka_new(ProducerType, conf, error, (UIntPtr)error.Capacity);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"cannot create the mock cluster's handle: {error}");
        }

        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("librdkafka refused to start a mock cluster");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>The brokers' addresses, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions (replication 1).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        var code = rd_kafka_mock_topic_create(_cluster, topic, partitions, 1);
        if (code != 0)
        {
            throw new InvalidOperationException($"the mock cluster did not create topic '{topic}': error {code}");
        }
    }

    /// <summary>Makes the next <paramref name="count"/> produce requests fail with <paramref name="error"/>.</summary>
    public void FailProduceRequests(Confluent.Kafka.ErrorCode error, int count)
    {
        var errors = Enumerable.Repeat((int)error, count).ToArray();
        var code = rd_kafka_mock_push_request_errors_array(_cluster, ProduceApiKey, (UIntPtr)errors.Length, errors);
        if (code != 0)
        {
            throw new InvalidOperationException($"the mock cluster did not take the produce errors: error {code}");
        }
    }

    /// <summary>Takes broker <paramref name="broker"/> (1-based) down or brings it back.</summary>
    public void SetBrokerUp(int broker, bool up)
    {
        var code = up ? rd_kafka_mock_broker_set_up(_cluster, broker) : rd_kafka_mock_broker_set_down(_cluster, broker);
        if (code != 0)
        {
            throw new InvalidOperationException($"the mock cluster did not set broker {broker} {(up ? "up" : "down")}: error {code}");
        }
    }

    /// <summary>Stops the brokers and frees the cluster.</summary>
    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_handle != IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Native)
        {
            return IntPtr.Zero;
        }

        // Confluent.Kafka picks one of the package's builds by itself; make it load now and find the file it chose.
        _ = Library.Version;
        var loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault() ?? throw new DllNotFoundException("Confluent.Kafka loaded no librdkafka.so that this process maps");
        return NativeLibrary.Load(loaded);
    }

    [DllImport(Native)]
    private static extern IntPtr rd_kafka_conf_new();

    [DllImport(Native)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder error, UIntPtr errorSize);

    [DllImport(Native)]
    private static extern void rd_kafka_destroy(IntPtr handle);

    [DllImport(Native)]
    private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr handle, int brokers);

    [DllImport(Native)]
    private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Native)]
    private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Native)]
    private static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replication);

    [DllImport(Native)]
    private static extern int rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    [DllImport(Native)]
    private static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int broker);

    [DllImport(Native)]
    private static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int broker);
}
