using System.Text.RegularExpressions;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Client;

/// <summary>Finds the files a flow script brings with it when it is submitted: those its <c>#load</c> and <c>#r</c> directives name, and theirs, each relative to the file that names it.</summary>
/// <remarks>
/// The silos compile the script from a directory of their own, so a file it loads must travel with it, at the same
/// place relative to it. Only files under the script's directory can; a directive naming one elsewhere is refused
/// here, with the file and directive named. A directive naming no existing file (an assembly by name, a typo) is left
/// to the compiler on the silo, which reports it as it would for <c>run</c>.
/// </remarks>
internal static partial class ScriptFiles
{
    /// <summary>The files <paramref name="scriptPath"/> brings with it, by their paths relative to its directory.</summary>
    /// <exception cref="ArgumentException">A directive names a file outside the script's directory.</exception>
    public static FlowSourceFile[] Of(string scriptPath)
    {
        var script = Path.GetFullPath(scriptPath);
        var root = Path.GetDirectoryName(script)!;
        // The script itself is listed while the directives are followed, so that one that loads it back is not sent twice.
        var found = new Dictionary<string, FlowSourceFile>(StringComparer.Ordinal) { [Path.GetFileName(script)] = new(Path.GetFileName(script), []) };
        Collect(script, root, scriptPath, found);
        found.Remove(Path.GetFileName(script));
        return [.. found.Values];
    }

    private static void Collect(string file, string root, string scriptPath, Dictionary<string, FlowSourceFile> found)
    {
        foreach (Match directive in Directive().Matches(File.ReadAllText(file)))
        {
            var named = directive.Groups["path"].Value;
            var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, named));
            if (!File.Exists(full))
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
            if (!FlowSourceFile.IsUnder(relative))
            {
                throw new ArgumentException($"flow script '{scriptPath}' needs '{named}' (#{directive.Groups["kind"].Value} in {Path.GetFileName(file)}), "
                    + "which is not under the script's directory: only the files under it travel with a submitted script");
            }

            if (found.TryAdd(relative, new FlowSourceFile(relative, File.ReadAllBytes(full))) && directive.Groups["kind"].Value == "load")
            {
                Collect(full, root, scriptPath, found);
            }
        }
    }

    /// <summary>A <c>#load "path"</c> or <c>#r "path"</c> directive at the start of a line.</summary>
    [GeneratedRegex("""^[ \t]*#(?<kind>load|r)[ \t]+"(?<path>[^"]+)"[ \t]*\r?$""", RegexOptions.Multiline)]
    private static partial Regex Directive();
}
