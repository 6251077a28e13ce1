namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Finds the engine's worker threads of a flow among the live OS threads of this process (Linux: /proc/self/task/*/comm).</summary>
/// <remarks>
/// Worker threads are named "dataflow {flow} worker {n}"; the OS keeps the first 15 characters, so a flow id of
/// at most 6 characters is fully visible. Elsewhere than Linux nothing is found and the check passes vacuously.
/// </remarks>
internal static class WorkerThreads
{
    private const int OsNameLength = 15;
    private const string TaskDirectory = "/proc/self/task";
    private static int _counter = Random.Shared.Next(1000);

    /// <summary>A fresh 6-character flow id, so that no other test's threads share its OS thread name.</summary>
    public static string UniqueFlowId(string prefix)
    {
        var n = Interlocked.Increment(ref _counter) % 10000;
        return $"{prefix[..2]}{n:D4}";
    }

    /// <summary>The OS names of this process's live threads that belong to <paramref name="flowId"/>.</summary>
    public static List<string> Alive(string flowId)
    {
        var name = $"dataflow {flowId}";
        name = name.Length > OsNameLength ? name[..OsNameLength] : name;
        var alive = new List<string>();
        if (!Directory.Exists(TaskDirectory))
        {
            return alive;
        }

        foreach (var task in Directory.EnumerateDirectories(TaskDirectory))
        {
            try
            {
                var comm = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                if (comm.StartsWith(name, StringComparison.Ordinal))
                {
                    alive.Add($"{comm} (tid {Path.GetFileName(task)})");
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return alive;
    }

    /// <summary>Fails unless every worker thread of <paramref name="flowId"/> is gone; the OS may need a moment after Join to reap them.</summary>
    public static void AssertNoneAlive(string flowId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        List<string> alive;
        while ((alive = Alive(flowId)).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.True(alive.Count == 0, $"worker threads of flow '{flowId}' still alive after the run: {string.Join(", ", alive)}");
    }
}
