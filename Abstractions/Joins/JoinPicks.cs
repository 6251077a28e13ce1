using System.Runtime.CompilerServices;

namespace Orleans.Dataflow;

/// <summary>Room on the stack for one value per side of a join of up to four sides, so emitting a row allocates nothing.</summary>
[InlineArray(Length)]
internal struct JoinPicks<TItem>
{
    /// <summary>The most sides it has room for.</summary>
    public const int Length = 4;

    private TItem _first;
}
