namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The median of a handful of figures, as the benchmark reports them.</summary>
public static class Median
{
    /// <summary>The middle value of <paramref name="values"/>; the mean of the two middle values for an even count.</summary>
    /// <exception cref="ArgumentException">There are no values.</exception>
    public static double Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("the median of no values is undefined", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
