namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>One throughput floor of the issue and how the measured figures stand against it.</summary>
/// <param name="Description">The floor, e.g. <c>engine 1 worker &gt;= 0.40 x baseline</c>.</param>
/// <param name="Actual">The measured figure, or why there is none.</param>
/// <param name="Pass">True if met, false if missed, null if a mode it needs did not run.</param>
public sealed record FloorResult(string Description, string Actual, bool? Pass)
{
    /// <summary>PASS, FAIL or n/a.</summary>
    public string Status => Pass switch
    {
        true => "PASS",
        false => "FAIL",
        null => "n/a",
    };
}
