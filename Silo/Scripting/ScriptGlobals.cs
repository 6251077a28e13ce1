namespace Orleans.Dataflow.Silo.Scripting;

/// <summary>What a flow script (<c>.csx</c>) sees as globals: the <c>--arg</c> values and where the script lives.</summary>
/// <remarks>
/// A script reads <c>Args["input"]</c> or <c>Args.GetValueOrDefault("input", "default.txt")</c>. Paths in a script
/// are relative to the current directory; use <see cref="ScriptDirectory"/> to find files next to the script.
/// </remarks>
public sealed class ScriptGlobals
{
    /// <summary>Creates the globals of the script at <paramref name="scriptPath"/> run with <paramref name="args"/>.</summary>
    public ScriptGlobals(IReadOnlyDictionary<string, string> args, string scriptPath)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        Args = args;
        ScriptPath = Path.GetFullPath(scriptPath);
        ScriptDirectory = Path.GetDirectoryName(ScriptPath) ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The <c>--arg key=value</c> pairs of the command line (the last value of a repeated key); keys are case-sensitive. Empty when none were given.</summary>
    public IReadOnlyDictionary<string, string> Args { get; }

    /// <summary>The full path of the script being run.</summary>
    public string ScriptPath { get; }

    /// <summary>The full path of the directory that holds the script.</summary>
    public string ScriptDirectory { get; }
}
