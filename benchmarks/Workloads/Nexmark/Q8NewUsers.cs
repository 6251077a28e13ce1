using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>NEXMark q8, monitor new users: the persons who registered and opened an auction in the same 10 s tumbling window.</summary>
/// <remarks>
/// <para>The engine keys persons by id and auctions by seller and joins them with <c>JoinWindow</c> (tumbling 10 s,
/// last value per side, emitted when the window closes), keeping the rows with both sides. Rows are the persons
/// found, the sum <c>Mix(Mix(window, id), name length)</c> over them.</para>
/// <para>The source is split by event number, as Flink's datagen source is, so each partition's events are in time
/// order; but persons and auctions take separate steps to the join's merge, which may interleave a batch of one side
/// before an earlier batch of the other. The clock's wait of 2 s of event time (20 000 events, about twenty source
/// batches) absorbs that; the late count printed beside each run shows it did. The loop makes every event, as the
/// source does, keeps the current window's persons and sellers and matches them when a later event closes the window.</para>
/// </remarks>
public sealed class Q8NewUsers(long count) : NexmarkWorkload(count)
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 2_000_000;

    /// <summary>How far the join's event clock waits for the other side's earlier items.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private IdStrings _personKeys = IdStrings.Empty;

    /// <inheritdoc/>
    public override string Name => "q8";

    /// <inheritdoc/>
    public override string Title => "NEXMark q8 new users";

    /// <inheritdoc/>
    public override string Description => $"{Count:N0} NEXMark events (seed {Seed}), source split by number -> persons KeyOn(id), auctions KeyOn(seller) "
        + $"-> JoinWindow(event clock replaying, one watermark per stream moved at 50 ms epochs (1 s with a store), wait {Wait.TotalSeconds:0} s, tumbling 10 s, final) -> Filter(both sides) -> sink sums Mix(Mix(window, id), name length)";

    /// <inheritdoc/>
    public override Checksum? Expected => Count == FullCount ? new Checksum(16_859, 159_384_500_575_204_009) : null;

    /// <inheritdoc/>
    public override FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: null, MinTwoWorkerRatioToBaseline: 0.6);

    /// <inheritdoc/>
    public override double FlinkEventsPerCore => 146_000;

    /// <inheritdoc/>
    public override void Prepare() => _personKeys = new IdStrings(NexmarkGenerator.FirstId, NexmarkGenerator.PersonIdRange(Count));

    /// <inheritdoc/>
    public override void Release() => _personKeys = IdStrings.Empty;

    /// <inheritdoc/>
    public override Checksum RunBaseline()
    {
        var persons = new List<Person>();
        var sellers = new HashSet<long>();
        var window = 0L;
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < Count; i++)
        {
            var e = NexmarkGenerator.At(Seed, i);
            if (e.IsBid)
            {
                continue;
            }

            var eventWindow = NexmarkWindows.LastWindow(NexmarkGenerator.TimeOf(i).UtcTicks, NexmarkWindows.Tumble);
            if (eventWindow != window)
            {
                Close(window, persons, sellers, ref rows, ref sum);
                window = eventWindow;
            }

            if (e.Kind == NexmarkEventKind.Person)
            {
                persons.Add(e.Person!);
            }
            else
            {
                sellers.Add(e.Auction!.Seller);
            }
        }

        Close(window, persons, sellers, ref rows, ref sum);
        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public override Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var late = new ChecksumTotals();
        var personKeys = _personKeys;
        var flow = new Dataflow("nexmark_q8");
        var events = flow.Input("events", new NexmarkSource(Seed, Count, EngineSettings.SourceBatchSize));
        var persons = events
            .Filter("persons", static e => e.Kind == NexmarkEventKind.Person)
            .Map("person", static e => e.Person!)
            .KeyOn("person_id", p => personKeys[p.Id]);
        var auctions = events
            .Filter("auctions", static e => e.Kind == NexmarkEventKind.Auction)
            .Map("auction", static e => e.Auction!)
            .KeyOn("seller", a => personKeys[a.Seller]);
        var joined = persons.JoinWindow("join",
            ReplayClock<JoinSide<Person, Auction>>(static s => s.IsLeft ? s.Left!.DateTime : s.Right!.DateTime, Wait),
            new TumblingWindower(NexmarkWindows.Tumble, DateTimeOffset.UnixEpoch), auctions);
        joined.Late.Output("late", new RowCountSink<(string Key, (long WindowId, JoinSide<Person, Auction> Value) Value)>(late));
        joined.Down
            .Filter("both", static r => r.Value.Value.Left is not null && r.Value.Value.Right is not null)
            .Output("checksum", new ValueChecksumSink<(string Key, (long WindowId, (Person? Left, Auction? Right) Value) Value)>(totals,
                static r => RowValue(r.Value.WindowId, r.Value.Value.Left!)));
        SetLate(null);
        var checksum = EngineRun.Execute(flow, WithWatermarkEpochs(mode), totals);
        SetLate(late.Value.Rows);
        return checksum;
    }

    private static long RowValue(long window, Person person) => NexmarkChecksum.Mix(NexmarkChecksum.Mix(window, person.Id), person.Name.Length);

    private static void Close(long window, List<Person> persons, HashSet<long> sellers, ref long rows, ref long sum)
    {
        foreach (var person in persons)
        {
            if (sellers.Contains(person.Id))
            {
                rows++;
                sum = unchecked(sum + RowValue(window, person));
            }
        }

        persons.Clear();
        sellers.Clear();
    }
}
