using Xunit.Sdk;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Runs randomized test code with a fixed seed and puts the seed in any failure message.</summary>
internal static class Seeded
{
    /// <summary>The seeds every seeded theory runs with; set DATAFLOW_TEST_SEED to run one other seed instead.</summary>
    public static IReadOnlyList<int> Values
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("DATAFLOW_TEST_SEED");
            return fromEnvironment is not null
                ? [int.Parse(fromEnvironment, System.Globalization.CultureInfo.InvariantCulture)]
                : [1, 42, 20250601];
        }
    }

    /// <summary><see cref="Values"/> as theory data.</summary>
    public static TheoryData<int> Seeds => [.. Values];

    /// <summary>Runs <paramref name="test"/> with a <see cref="Random"/> seeded by <paramref name="seed"/>.</summary>
    public static void Run(int seed, Action<Random> test)
    {
        try
        {
            test(new Random(seed));
        }
        catch (Exception e)
        {
            throw new XunitException($"failed with seed {seed} (DATAFLOW_TEST_SEED={seed} reruns it): {e.Message}", e);
        }
    }
}
