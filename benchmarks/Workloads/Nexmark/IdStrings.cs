using System.Globalization;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>The decimal strings of a range of ids, made once before the timer: the engine's keys are strings, and the benchmark measures the engine, not <c>long.ToString</c>.</summary>
public sealed class IdStrings
{
    private readonly string[] _strings;
    private readonly long _first;

    /// <summary>Makes the strings of the <paramref name="count"/> ids from <paramref name="first"/>.</summary>
    public IdStrings(long first, long count)
    {
        _first = first;
        _strings = new string[count];
        for (long i = 0; i < count; i++)
        {
            _strings[i] = (first + i).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>No strings: what a workload holds between <c>Release</c> and <c>Prepare</c>.</summary>
    public static IdStrings Empty { get; } = new(0, 0);

    /// <summary>The string of <paramref name="id"/>, which must be in the range.</summary>
    public string this[long id] => _strings[id - _first];
}
