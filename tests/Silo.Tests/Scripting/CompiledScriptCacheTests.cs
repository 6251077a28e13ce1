using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Silo.Scripting;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Scripting;

public class CompiledScriptCacheTests
{
    private static readonly Dictionary<string, string> _noArgs = [];

    [Fact]
    public void Load_ScriptSeenBefore_RunsTheAssemblyInItsCacheEntryWithoutCompiling()
    {
        using var dir = new TempDirectory();
        var cache = new CompiledScriptCache(Path.Combine(dir.Path, "cache"));
        var script = dir.Write("flow.csx", "new Dataflow(\"compiled_from_text\")\n");
        Assert.Equal("compiled_from_text", Load(script, cache));
        var entry = Assert.Single(Entries(dir));

        // The entry is swapped for another script's: only a run that takes it from the cache builds that flow.
        var other = dir.Write("other.csx", "new Dataflow(\"from_the_cache\")\n");
        Load(other, cache);
        var otherEntry = Assert.Single(Entries(dir), e => e != entry);
        File.Copy(otherEntry, entry, overwrite: true);

        Assert.Equal("from_the_cache", Load(script, cache));
    }

    [Fact]
    public void Load_FileTheScriptLoadsChanged_CompilesAgainAndSeesTheChange()
    {
        using var dir = new TempDirectory();
        var cache = new CompiledScriptCache(Path.Combine(dir.Path, "cache"));
        var names = dir.Write("lib/names.csx", "static string FlowName() => \"before\";\n");
        var script = dir.Write("flows/main.csx", "#load \"../lib/names.csx\"\nnew Dataflow(FlowName())\n");
        Assert.Equal("before", Load(script, cache));

        File.WriteAllText(names, "static string FlowName() => \"after\";\n");

        Assert.Equal("after", Load(script, cache));
        Assert.Equal(2, Entries(dir).Length);
    }

    [Fact]
    public void KeyOf_AssemblyTheScriptReferencesRebuilt_IsAnotherKey_AndUnchanged_TheSame()
    {
        using var dir = new TempDirectory();
        var lib = Path.Combine(dir.Path, "lib");
        Directory.CreateDirectory(lib);
        var dll = FlowAssemblyCompiler.Compile(lib, "CachedHelpers", "namespace Helpers; public static class Names { public static string Flow => \"v1\"; }");
        var code = "#r \"lib/CachedHelpers.dll\"\nnew Dataflow(Helpers.Names.Flow)\n";
        var script = dir.Write("main.csx", code);
        var before = CompiledScriptCache.KeyOf(script, code);
        Assert.Equal(before, CompiledScriptCache.KeyOf(script, code));

        // Loaded assemblies stay mapped, so a test cannot run the rebuilt one in this process: the key tells the run.
        FlowAssemblyCompiler.Compile(lib, "CachedHelpers", "namespace Helpers; public static class Names { public static string Flow => \"v2.0\"; }");
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow.AddMinutes(1));

        Assert.NotEqual(before, CompiledScriptCache.KeyOf(script, code));
    }

    [Fact]
    public void Load_CacheEntryDamaged_CompilesAsWithoutTheCacheAndWritesAWholeEntry()
    {
        using var dir = new TempDirectory();
        var cache = new CompiledScriptCache(Path.Combine(dir.Path, "cache"));
        var script = dir.Write("flow.csx", "new Dataflow(\"intact\")\n");
        Load(script, cache);
        var entry = Assert.Single(Entries(dir));
        File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..100]);

        Assert.Equal("intact", Load(script, cache));
        Assert.NotNull(CompiledScript.Read(File.ReadAllBytes(entry)));
    }

    [Fact]
    public void Load_ScriptThatDoesNotCompile_LeavesNoEntry()
    {
        using var dir = new TempDirectory();
        var cache = new CompiledScriptCache(Path.Combine(dir.Path, "cache"));
        var script = dir.Write("broken.csx", "new Dataflow(\"x\"\n");

        Assert.Throws<FlowLoadException>(() => Load(script, cache));
        Assert.Empty(Entries(dir));
    }

    [Fact]
    public void FromEnvironment_Off_IsNoCache_AndAFolder_IsACacheThere()
    {
        using var dir = new TempDirectory();
        Assert.Null(CompiledScriptCache.FromEnvironment("off"));
        var cache = CompiledScriptCache.FromEnvironment(Path.Combine(dir.Path, "cache"));
        var script = dir.Write("flow.csx", "new Dataflow(\"kept\")\n");

        Load(script, cache);

        Assert.Single(Entries(dir));
    }

    private static string Load(string script, CompiledScriptCache? cache) => ScriptFlowLoader.Load(script, _noArgs, null, collectible: true, cache).Flow.Id;

    private static string[] Entries(TempDirectory dir)
    {
        var folder = Path.Combine(dir.Path, "cache");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }
}
