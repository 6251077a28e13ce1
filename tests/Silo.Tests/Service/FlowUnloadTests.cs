using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>A submitted flow's code lives in a collectible load context of its own, which is collected once the flow is deleted: nothing the silo keeps (catalog, grains, serde caches) pins it.</summary>
public sealed class FlowUnloadTests : IDisposable
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    /// <summary>How often the test collects garbage, 100 ms apart, before it gives up on the context going away: the frontier's activation goes a moment after the delete.</summary>
    private const int MaxCollections = 100;

    private readonly TempDirectory _dir = new();

    private string Data => Path.Combine(_dir.Path, "data");

    [Fact]
    public async Task Delete_AnAssemblyFlow_CollectsItsLoadContext_AndTheIdSubmittedAgainRunsTheNewVersion()
    {
        var input = _dir.Write("in.txt", "a b a\nc a b\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var assemblyName = "Unloaded" + Guid.NewGuid().ToString("N");
        var first = FlowAssemblyCompiler.Compile(Directory.CreateDirectory(Path.Combine(_dir.Path, "v1")).FullName, assemblyName, TalliedWords("v1"));
        var second = FlowAssemblyCompiler.Compile(Directory.CreateDirectory(Path.Combine(_dir.Path, "v2")).FullName, assemblyName, TalliedWords("v2"));
        var args = new Dictionary<string, string> { ["input"] = input, ["output"] = output };
        var options = new SubmitOptions { Id = "words", Workers = 2, Arguments = args };
        // Without a recovery store: the deleted flow's store is kept, and the new version would resume from its end.
        var resubmitted = new SubmitOptions { Id = "words", Workers = 2, Arguments = args, NoRecovery = true };
        await using var service = await RunningService.StartAsync(Data);

        await service.Client.SubmitAsync(first, options).WaitAsync(_noHang);
        var firstEnd = await service.Client.WaitAsync("words").WaitAsync(_noHang);
        var firstLines = File.ReadAllLines(output);
        var context = Assert.Single(ContextsNamed($"flow:{assemblyName}.dll"));
        await service.Client.DeleteAsync("words").WaitAsync(_noHang);
        var collected = Collected(context);
        await service.Client.SubmitAsync(second, resubmitted).WaitAsync(_noHang);
        var secondEnd = await service.Client.WaitAsync("words").WaitAsync(_noHang);

        Assert.Null(firstEnd.Failure);
        Assert.Equal(["v1 a 3", "v1 b 2", "v1 c 1"], firstLines.Order(StringComparer.Ordinal));
        Assert.True(collected, "the deleted flow's load context was still alive after the garbage collections");
        Assert.Null(secondEnd.Failure);
        Assert.Equal(["v2 a 3", "v2 b 2", "v2 c 1"], File.ReadAllLines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_AScriptFlow_CollectsTheLoadContextOfItsCompiledScript()
    {
        var input = _dir.Write("in.txt", "a b a\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var fileName = $"count{Guid.NewGuid():N}.csx";
        var script = _dir.Write(fileName, ServiceScripts.Count);
        await using var service = await RunningService.StartAsync(Data);

        await service.Client.SubmitAsync(script, new SubmitOptions { Id = "count", Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = output } }).WaitAsync(_noHang);
        var end = await service.Client.WaitAsync("count").WaitAsync(_noHang);
        var context = Assert.Single(ContextsNamed($"flow:{fileName}"));
        await service.Client.DeleteAsync("count").WaitAsync(_noHang);

        Assert.Null(end.Failure);
        Assert.Equal(["a\t2", "b\t1"], File.ReadAllLines(output).Order(StringComparer.Ordinal));
        Assert.True(Collected(context), "the deleted script's load context was still alive after the garbage collections");
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A flow assembly whose flow counts words in a state of a user type, the words travelling as a user type with a serde the flow registers, and writes <c>{version} word count</c> lines.</summary>
    private static string TalliedWords(string version) => $$"""
        using System;
        using System.Buffers;
        using System.Collections.Generic;
        using System.Text;
        using Orleans.Dataflow;
        using Orleans.Dataflow.Connectors;
        using Orleans.Dataflow.Serialization;

        namespace Unloading;

        public sealed record Word(string Text);

        public sealed class Tally
        {
            public long Count { get; set; }
        }

        public sealed class WordSerde : ISerde<Word>
        {
            public void Serialize(Word value, IBufferWriter<byte> writer) => writer.Write(Encoding.UTF8.GetBytes(value.Text));

            public Word Deserialize(ReadOnlySpan<byte> bytes) => new(Encoding.UTF8.GetString(bytes));
        }

        public static class Flows
        {
            public static Dataflow Words(IReadOnlyDictionary<string, string> args)
            {
                Serde.Register(new WordSerde());
                var flow = new Dataflow("words");
                flow.Input("read", new FileSource(args["input"]))
                    .FlatMap("split", line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Map("wrap", text => new Word(text))
                    .KeyOn("key", word => word.Text)
                    .FoldFinal("tally", () => new Tally(), (tally, word) => new Tally { Count = tally.Count + 1 })
                    .Map("format", kv => (kv.Key, $"{{version}} {kv.Key} {kv.Value.Count}"))
                    .Output("out", new FileSink(args["output"]));
                return flow;
            }
        }
        """;

    /// <summary>Weak references to the load contexts named <paramref name="name"/> that hold an assembly, taken in a frame of their own so that no local of the test keeps one alive.</summary>
    /// <remarks>Found through the assemblies: a context being unloaded (the catalog unloads a flow's once it ended) has left <see cref="AssemblyLoadContext.All"/>, but its assemblies are listed until it is collected.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] ContextsNamed(string name)
        => [.. AppDomain.CurrentDomain.GetAssemblies().Select(AssemblyLoadContext.GetLoadContext).Where(c => c?.Name == name).Distinct().Select(c => new WeakReference(c))];

    /// <summary>Collects garbage until <paramref name="context"/> is gone, at most <see cref="MaxCollections"/> times; whether it went.</summary>
    private static bool Collected(WeakReference context)
    {
        for (var i = 0; i < MaxCollections && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Thread.Sleep(100);
        }

        return !context.IsAlive;
    }
}
