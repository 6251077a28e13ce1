namespace Orleans.Dataflow;

/// <summary>When a join emits rows (Bytewax's emit modes).</summary>
public enum JoinEmitMode
{
    /// <summary>Emit once every side has a value, then forget them and start over.</summary>
    Complete,

    /// <summary>Emit at the end: at EOF for <c>Join</c>, when the window closes for <c>JoinWindow</c>; sides without a value are default. Then forget.</summary>
    /// <remarks>On an unbounded input a non-windowed final join never emits.</remarks>
    Final,

    /// <summary>Emit the current rows on every new value, sides without a value being default; never forget.</summary>
    Running,
}
