using System.Runtime.CompilerServices;
using Orleans.Dataflow.Benchmarks.Generation;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>The NEXMark event stream: event <c>i</c> is made from its own SplitMix64 generator, so any partition can make any event.</summary>
/// <remarks>
/// <para>NEXMark's model and proportions, with this project's integer-only draws (so that any language reproduces
/// the events exactly). Of every 50 events the first is a person, the next 3 auctions, the other 46 bids. Event
/// <c>i</c> is at <c>i · 100 µs</c> from the Unix epoch (NEXMark's default 10 000 events/s), so time follows the
/// event number. Epoch <c>e = i / 50</c> holds person <c>1000 + e</c> and auctions <c>1000 + 3e … 1000 + 3e + 2</c>.</para>
/// <para>Draws from <c>r = SplitMix64(seed ^ i·γ)</c>, in this order. Person: <c>a = r()</c>; name, city and state
/// are <c>a</c>, <c>a &gt;&gt; 20</c>, <c>a &gt;&gt; 40</c> modulo their list's length. Auction: the seller (below),
/// category <c>10 + r() % 5</c>, reserve a price, expiry <c>1 + r() % 20</c> s after the event. Bid: the auction
/// (below), the bidder (below), the price. A person id is hot when <c>r() % 4 &gt; 0</c>: for a seller the
/// first of the current hundred, <c>⌊e / 100⌋·100</c>, for a bidder that plus one; otherwise one of the 1 000 most
/// recent persons or the 10 after them, <c>p + 1 - m + r() % (m + 10)</c> with <c>p = e</c> and <c>m = min(p + 1, 1000)</c>.
/// An auction is hot when <c>r() % 2 &gt; 0</c>: <c>⌊q / 100⌋·100</c> with <c>q = 3e + 2</c> the newest auction;
/// otherwise <c>lo + r() % (q - lo + 11)</c> with <c>lo = max(q - 100, 0)</c>. All ids above are counted from 0 and
/// get 1000 added. A price: <c>d = r() % 6</c>, then <c>100·10^d + r() % (900·10^d)</c> cents.</para>
/// </remarks>
public static class NexmarkGenerator
{
    /// <summary>The events per proportion cycle: 1 person, 3 auctions, 46 bids.</summary>
    public const int CycleLength = 50;

    /// <summary>The auctions per cycle.</summary>
    public const int AuctionsPerCycle = 3;

    /// <summary>The id of the first person and of the first auction.</summary>
    public const long FirstId = 1000;

    /// <summary>How far past the newest person or auction a drawn id may reach (NEXMark's id lead).</summary>
    public const long IdLead = 10;

    /// <summary>How many shards q7's first stage spreads auctions over (auction modulo this).</summary>
    public const long AuctionShards = 64;

    /// <summary>The event time between consecutive events, in ticks (100 µs).</summary>
    public const long TicksPerEvent = 1_000;

    private const long HotPersonRatio = 4;
    private const long HotAuctionRatio = 2;
    private const long HotGroup = 100;
    private const long ActivePersons = 1_000;
    private const long AuctionsInFlight = 100;

    private static readonly string[] _firstNames = ["Ada", "Bea", "Cyd", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim"];
    private static readonly string[] _lastNames = ["Ames", "Boyd", "Cole", "Dunn", "Egan", "Ford", "Gray", "Hale", "Irwin"];
    private static readonly string[] _names = [.. _firstNames.SelectMany(f => _lastNames.Select(l => f + " " + l))];
    private static readonly string[] _cities = ["Austin", "Boise", "Dayton", "Eugene", "Fresno", "Helena", "Macon", "Provo", "Salem", "Tulsa"];
    private static readonly string[] _states = ["AZ", "CA", "ID", "MT", "NV", "OR", "TX", "UT", "WA", "WY"];
    private static readonly long[] _powersOfTen = [1, 10, 100, 1_000, 10_000, 100_000];

    /// <summary>The time of event <paramref name="number"/>: <c>number · 100 µs</c> after the Unix epoch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DateTimeOffset TimeOf(long number) => new(DateTimeOffset.UnixEpoch.UtcTicks + (number * TicksPerEvent), TimeSpan.Zero);

    /// <summary>The kind of event <paramref name="number"/>, from its place in its cycle of 50.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NexmarkEventKind KindOf(long number) => (number % CycleLength) switch
    {
        0 => NexmarkEventKind.Person,
        <= AuctionsPerCycle => NexmarkEventKind.Auction,
        _ => NexmarkEventKind.Bid,
    };

    /// <summary>How many person ids the first <paramref name="count"/> events can name (registered or within the lead), counted from <see cref="FirstId"/>.</summary>
    public static long PersonIdRange(long count) => (count / CycleLength) + IdLead + 2;

    /// <summary>How many auction ids the first <paramref name="count"/> events can name, counted from <see cref="FirstId"/>.</summary>
    public static long AuctionIdRange(long count) => ((count / CycleLength) * AuctionsPerCycle) + AuctionsPerCycle + IdLead + 1;

    /// <summary>Event <paramref name="number"/> of the stream seeded <paramref name="seed"/>.</summary>
    public static NexmarkEvent At(ulong seed, long number)
    {
        var random = SplitMix64.ForRecord(seed, number);
        var cycle = number / CycleLength;
        var offset = number % CycleLength;
        var time = TimeOf(number);
        if (offset == 0)
        {
            var a = random.Next();
            var person = new Person(FirstId + cycle, _names[a % (ulong)_names.Length], _cities[(a >> 20) % (ulong)_cities.Length],
                _states[(a >> 40) % (ulong)_states.Length], time);
            return new NexmarkEvent(number, NexmarkEventKind.Person, person, null, default);
        }

        if (offset <= AuctionsPerCycle)
        {
            var seller = DrawPerson(ref random, cycle, 0);
            var category = 10 + (long)(random.Next() % 5);
            var reserve = DrawPrice(ref random);
            var expires = time.AddSeconds(1 + (long)(random.Next() % 20));
            var auction = new Auction(FirstId + (cycle * AuctionsPerCycle) + offset - 1, seller, category, reserve, time, expires);
            return new NexmarkEvent(number, NexmarkEventKind.Auction, null, auction, default);
        }

        var auctionId = DrawAuction(ref random, cycle);
        var bidder = DrawPerson(ref random, cycle, 1);
        return new NexmarkEvent(number, NexmarkEventKind.Bid, null, null, new Bid(auctionId, bidder, DrawPrice(ref random), time));
    }

    /// <summary>A seller (<paramref name="hotOffset"/> 0) or bidder (1) id, hot or among the recent persons.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long DrawPerson(ref SplitMix64 random, long cycle, long hotOffset)
    {
        if (random.Next() % HotPersonRatio > 0)
        {
            return FirstId + ((cycle / HotGroup) * HotGroup) + hotOffset;
        }

        var persons = cycle + 1;
        var active = Math.Min(persons, ActivePersons);
        return FirstId + persons - active + (long)(random.Next() % (ulong)(active + IdLead));
    }

    /// <summary>An auction id, hot or among the auctions in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long DrawAuction(ref SplitMix64 random, long cycle)
    {
        var newest = (cycle * AuctionsPerCycle) + AuctionsPerCycle - 1;
        if (random.Next() % HotAuctionRatio > 0)
        {
            return FirstId + ((newest / HotGroup) * HotGroup);
        }

        var oldest = Math.Max(newest - AuctionsInFlight, 0);
        return FirstId + oldest + (long)(random.Next() % (ulong)(newest - oldest + 1 + IdLead));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long DrawPrice(ref SplitMix64 random)
    {
        var scale = _powersOfTen[random.Next() % (ulong)_powersOfTen.Length];
        return (100 * scale) + (long)(random.Next() % (ulong)(900 * scale));
    }
}
