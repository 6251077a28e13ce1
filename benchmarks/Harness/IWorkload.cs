namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>One benchmark workload: its data, a hand-written single-threaded loop, and the same work as an engine dataflow.</summary>
/// <remarks>
/// The runner calls <see cref="Prepare"/> once before any timer starts, then <see cref="RunBaseline"/> and
/// <see cref="RunEngine"/> many times; each run must do all of the work from scratch and return what its sink saw.
/// </remarks>
public interface IWorkload
{
    /// <summary>The name used on the command line, e.g. <c>w0</c>.</summary>
    string Name { get; }

    /// <summary>The workload's title as in <c>benchmarks.md</c>, e.g. <c>W0 stateless chain</c>.</summary>
    string Title { get; }

    /// <summary>One line on the data and the dataflow, printed above the table.</summary>
    string Description { get; }

    /// <summary>The number of input records; throughput is input records per second.</summary>
    long Records { get; }

    /// <summary>The checksum every correct run must produce, when it is known (the full sizes); null otherwise.</summary>
    Checksum? Expected { get; }

    /// <summary>The one-worker floors of the workload.</summary>
    FloorSpec Floors { get; }

    /// <summary>Whether the sum of an engine run with <paramref name="workers"/> workers depends on arrival order (then only rows are compared).</summary>
    bool IsSumOrderDependent(int workers);

    /// <summary>Generates the data that is made before the timer starts (lines, key strings); called once.</summary>
    void Prepare();

    /// <summary>Drops the data made by <see cref="Prepare"/>, so that it does not weigh on the next workload's memory figures.</summary>
    /// <remarks>The name, sizes and expected figures stay readable; the run methods need <see cref="Prepare"/> again.</remarks>
    void Release();

    /// <summary>A note on the last engine run, printed beside its time (e.g. how many items were late); null when there is nothing to say.</summary>
    string? LastEngineRunNote => null;

    /// <summary>Lines to print after the workload's table, such as another engine's published figures beside these; none by default.</summary>
    IEnumerable<string> Epilogue(WorkloadReport report) => [];

    /// <summary>Runs the hand-written single-threaded loop and returns its checksum.</summary>
    Checksum RunBaseline();

    /// <summary>Builds the dataflow, runs it as <paramref name="mode"/> says (through <see cref="EngineRun.Execute"/>) and returns what its sink counted.</summary>
    /// <exception cref="InvalidOperationException">The run did not complete.</exception>
    Checksum RunEngine(EngineMode mode);
}
