namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>What every workload's sink computes: the number of rows it received and the wrapping sum of one value per row.</summary>
/// <remarks>Compare checksums before trusting a timing: a run that skipped work shows here first.</remarks>
/// <param name="Rows">The number of rows that reached the sink.</param>
/// <param name="Sum">The wrapping (unchecked) 64-bit sum of the rows' values.</param>
public readonly record struct Checksum(long Rows, long Sum)
{
    /// <inheritdoc/>
    public override string ToString() => $"rows {Rows:N0}, sum {Sum:N0}";
}
