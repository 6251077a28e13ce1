using System.Text;

namespace Orleans.Dataflow.Client.Tests;

/// <summary>Which files a submitted script takes along: the files under its directory that its <c>#load</c> and <c>#r</c> directives name, and theirs, each once.</summary>
public sealed class ScriptFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("script-files-").FullName;

    [Fact]
    public void Of_LoadsAndReferencesUnderTheScript_AreTakenOnceEach_ByTheirPathsUnderIt()
    {
        Write("lib/a.csx", "#load \"b.csx\"\n#load \"../shared/c.csx\"\nstatic int A() => 1;\n");
        Write("lib/b.csx", "#load \"../shared/c.csx\"\nstatic int B() => 2;\n");
        Write("shared/c.csx", "static int C() => 3;\n");
        Write("bin/My.dll", "not really an assembly");
        var script = Write("flow.csx", "#load \"lib/a.csx\"\n#r \"bin/My.dll\"\n#load \"flow.csx\"\nvar flow = new Dataflow(\"f\");\nflow\n");

        var files = ScriptFiles.Of(script);

        Assert.Equal(["bin/My.dll", "lib/a.csx", "lib/b.csx", "shared/c.csx"], files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal("static int C() => 3;\n", Encoding.UTF8.GetString(files.Single(f => f.Path == "shared/c.csx").Content));
    }

    [Fact]
    public void Of_DirectivesNamingNoFileOrOnlyInAComment_TakeNothing()
    {
        var script = Write("flow.csx", "#r \"System.Text.Json\"\n#load \"missing.csx\"\n// #load \"commented.csx\"\nvar flow = new Dataflow(\"f\");\nflow\n");
        Write("commented.csx", "static int X() => 1;\n");

        Assert.Empty(ScriptFiles.Of(script));
    }

    [Fact]
    public void Of_ALoadOfAFileOutsideTheScriptsDirectory_IsRefusedNamingItAndTheFileThatLoadsIt()
    {
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(_dir)!, $"{Path.GetFileName(_dir)}-outside.csx"), "static int O() => 1;\n");
        Write("lib/a.csx", $"#load \"../../{Path.GetFileName(_dir)}-outside.csx\"\n");
        var script = Write("flow.csx", "#load \"lib/a.csx\"\nvar flow = new Dataflow(\"f\");\nflow\n");

        var error = Assert.Throws<ArgumentException>(() => ScriptFiles.Of(script));

        Assert.Contains($"'../../{Path.GetFileName(_dir)}-outside.csx' (#load in a.csx)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        File.Delete(Path.Combine(Path.GetDirectoryName(_dir)!, $"{Path.GetFileName(_dir)}-outside.csx"));
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
