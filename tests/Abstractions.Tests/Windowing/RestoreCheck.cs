using Orleans.Dataflow.Abstractions.Tests.Connectors;
using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>One step of a scripted run: at system time <see cref="At"/>, fire due notifications, then feed the item if there is one.</summary>
internal readonly record struct ScriptStep<TValue>(DateTimeOffset At, string? Key, TValue Value)
{
    public static ScriptStep<TValue> Item(DateTimeOffset at, string key, TValue value) => new(at, key, value);

    public static ScriptStep<TValue> Tick(DateTimeOffset at) => new(at, null, default!);

    public override string ToString() => Key is null ? $"tick at {At:O}" : $"{Key}: {Value} at {At:O}";
}

/// <summary>What a run interrupted after some steps looked like on both sides of the restart.</summary>
/// <param name="Before">What the original logic emitted before the snapshot.</param>
/// <param name="After">What the restored logic emitted, step by step (index 0 is the first step after the cut), then at EOF (last).</param>
/// <param name="OriginalNotify">The notification time of each key of the original logic at the snapshot, asked afresh.</param>
/// <param name="RestoredNotify">The notification time of each key right after restore.</param>
/// <param name="Snapshots">The snapshot bytes of each key.</param>
/// <param name="Resnapshots">The snapshot bytes of each restored key, taken at once after restore.</param>
internal sealed record CutRun(
    List<string> Before,
    List<List<string>> After,
    Dictionary<string, DateTimeOffset?> OriginalNotify,
    Dictionary<string, DateTimeOffset?> RestoredNotify,
    Dictionary<string, byte[]> Snapshots,
    Dictionary<string, byte[]> Resnapshots)
{
    public List<string> All => [.. Before, .. After.SelectMany(step => step)];
}

/// <summary>Runs a script straight through, and interrupted by a snapshot, bytes and restore into a fresh logic at a step.</summary>
/// <remarks>Each run gets its own logic from the builder and its own manual clock, set to each step's time before the step.</remarks>
internal sealed class RestoreCheck<TValue, TOut, TSlot, TState>(
    Func<TimeProvider, KeyedLogic<TValue, TOut, TSlot, TState>> build,
    ISerde<TState> serde,
    Func<string, TOut, string> render)
{
    private static readonly DateTimeOffset _beforeTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The output of the script run without interruption and ended with EOF.</summary>
    public List<string> Straight(IReadOnlyList<ScriptStep<TValue>> steps)
    {
        var clock = new ManualTimeProvider(steps.Count > 0 ? steps[0].At : _beforeTime);
        var driver = new KeyedLogicDriver<TValue, TOut, TSlot, TState>(build(clock), serde);
        foreach (var step in steps)
        {
            Apply(driver, clock, step);
        }

        driver.Eof();
        return Render(driver.Output);
    }

    /// <summary>Runs the first <paramref name="cut"/> steps, snapshots every key to bytes, restores them into a fresh logic, runs the rest and EOF.</summary>
    public CutRun Interrupted(IReadOnlyList<ScriptStep<TValue>> steps, int cut)
    {
        var clock = new ManualTimeProvider(steps.Count > 0 ? steps[0].At : _beforeTime);
        var original = new KeyedLogicDriver<TValue, TOut, TSlot, TState>(build(clock), serde);
        foreach (var step in steps.Take(cut))
        {
            Apply(original, clock, step);
        }

        var snapshots = original.SnapshotAll();
        var originalNotify = original.Keys.ToDictionary(key => key, original.AskNotifyAt, StringComparer.Ordinal);

        // A restart: a new process, a new logic, a clock that starts where the old one stopped.
        var restartClock = new ManualTimeProvider(clock.GetUtcNow());
        var restored = new KeyedLogicDriver<TValue, TOut, TSlot, TState>(build(restartClock), serde);
        restored.RestoreAll(snapshots.ToDictionary(s => s.Key, s => s.Value.ToArray(), StringComparer.Ordinal));
        var restoredNotify = restored.Keys.ToDictionary(key => key, key => restored.NotifyTimes.TryGetValue(key, out var at) ? at : (DateTimeOffset?)null,
            StringComparer.Ordinal);
        var resnapshots = restored.SnapshotAll();

        var after = new List<List<string>>();
        foreach (var step in steps.Skip(cut))
        {
            var emitted = restored.Output.Count;
            Apply(restored, restartClock, step);
            after.Add(Render(restored.Output.Skip(emitted)));
        }

        var beforeEof = restored.Output.Count;
        restored.Eof();
        after.Add(Render(restored.Output.Skip(beforeEof)));
        return new CutRun(Render(original.Output), after, originalNotify, restoredNotify, snapshots, resnapshots);
    }

    /// <summary>Asserts that a restart after any step gives the straight run's output, the same notification times and the same snapshot bytes.</summary>
    public void AssertEveryCutMatchesStraightRun(IReadOnlyList<ScriptStep<TValue>> steps)
    {
        var straight = Straight(steps);
        Assert.NotEmpty(straight);
        for (var cut = 0; cut <= steps.Count; cut++)
        {
            var run = Interrupted(steps, cut);
            var where = $"restarted after {cut} of {steps.Count} steps (next: {(cut < steps.Count ? steps[cut] : "EOF")})";
            Assert.True(straight.SequenceEqual(run.All),
                $"{where}: output differs.\nstraight:\n  {string.Join("\n  ", straight)}\nrestarted:\n  {string.Join("\n  ", run.All)}");
            Assert.True(run.OriginalNotify.OrderBy(n => n.Key).SequenceEqual(run.RestoredNotify.OrderBy(n => n.Key)),
                $"{where}: notification times differ: original {Show(run.OriginalNotify)}, restored {Show(run.RestoredNotify)}");
            foreach (var (key, bytes) in run.Snapshots)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(run.Resnapshots[key]), $"{where}: key {key} snapshots differently after restore");
            }
        }
    }

    private static void Apply(KeyedLogicDriver<TValue, TOut, TSlot, TState> driver, ManualTimeProvider clock, ScriptStep<TValue> step)
    {
        clock.Set(step.At);
        driver.FireDue(step.At);
        if (step.Key is { } key)
        {
            driver.Batch((key, step.Value));
        }
    }

    private static string Show(Dictionary<string, DateTimeOffset?> times) =>
        "{" + string.Join(", ", times.OrderBy(t => t.Key).Select(t => $"{t.Key}: {t.Value?.ToString("O") ?? "none"}")) + "}";

    private List<string> Render(IEnumerable<(string Key, TOut Value)> output) => [.. output.Select(o => render(o.Key, o.Value))];
}
