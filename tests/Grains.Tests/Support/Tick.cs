namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>An item of <see cref="EndlessSource"/>: which worker's partition read it and its sequence number there.</summary>
internal readonly record struct Tick(int Worker, long Sequence)
{
    public override string ToString() => $"W{Worker}#{Sequence}";
}
