using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace Orleans.Dataflow.Silo.Scripting;

/// <summary>Flow scripts compiled before, kept on disk under a hash of everything their compile read, so that a script run again (by the next run, or by each process of a cluster) skips Roslyn's seconds.</summary>
/// <remarks>
/// <para>
/// The hash covers the script's path and text, every file it names with <c>#load</c> or <c>#r</c> (by content or
/// size and time, found by reading the directives from the text, recursively), the runtime's version, and the
/// builds of the dataflow's own assemblies and Roslyn's. A change to any of them is another entry; only scripts that
/// compiled are kept. Each entry is one file, written under a temporary name and renamed into place, so a reader
/// never sees half of one, and two processes compiling the same script at once both leave a whole entry.
/// </para>
/// <para>
/// The cache is the user's (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, <c>orleans-dataflow/scripts</c>; on Windows
/// the local application data folder): not a shared temporary folder, where another user could leave code for this
/// one to run. <c>DATAFLOW_SCRIPT_CACHE</c> names another folder, or <c>off</c> turns it off. Anything the cache
/// cannot read or write is a miss, never an error: the script is compiled as without it.
/// </para>
/// </remarks>
internal sealed partial class CompiledScriptCache
{
    /// <summary>The environment variable that names the cache's folder, or turns the cache off with <c>off</c>.</summary>
    public const string DirectoryVariable = "DATAFLOW_SCRIPT_CACHE";

    /// <summary>Bumped when what an entry holds changes, so that entries of another layout are never read.</summary>
    private const string Layout = "1";

    private const string EntryExtension = ".script";

    /// <summary>Entries not used for this long are removed when another is written.</summary>
    private static readonly TimeSpan _unusedFor = TimeSpan.FromDays(14);

    private static readonly Lazy<CompiledScriptCache?> _default = new(() => FromEnvironment(Environment.GetEnvironmentVariable(DirectoryVariable)));

    private readonly string _directory;

    /// <summary>A cache in <paramref name="directory"/>, created when the first entry is written.</summary>
    public CompiledScriptCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
    }

    /// <summary>This user's cache, or the one <see cref="DirectoryVariable"/> names; null when it is off or this user has no home for it.</summary>
    public static CompiledScriptCache? Default => _default.Value;

    /// <summary>The cache <paramref name="setting"/> (the variable's value) asks for.</summary>
    internal static CompiledScriptCache? FromEnvironment(string? setting)
    {
        if (string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(setting))
        {
            return new CompiledScriptCache(setting);
        }

        var root = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : null;
        return root is null ? null : new CompiledScriptCache(Path.Combine(root, "orleans-dataflow", "scripts"));
    }

    /// <summary>The key of the script at <paramref name="fullPath"/> whose text is <paramref name="code"/>: a hash of everything its compile reads.</summary>
    public static string KeyOf(string fullPath, string code)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string part)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]);
        }

        Add(Layout);
        Add(Environment.Version.ToString());
        foreach (var assembly in new[] { typeof(Dataflow).Assembly, typeof(ScriptGlobals).Assembly })
        {
            Add(assembly.ManifestModule.ModuleVersionId.ToString());
        }

        Add(typeof(CSharpScript).Assembly.GetName().Version?.ToString() ?? string.Empty);
        Add(fullPath);
        Add(code);
        AddDirectives(Add, fullPath, code, Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory(), new HashSet<string>(StringComparer.Ordinal) { fullPath });
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The entry under <paramref name="key"/>; null when there is none or it cannot be read.</summary>
    public CompiledScript? TryGet(string key)
    {
        var path = EntryPath(key);
        try
        {
            var entry = CompiledScript.Read(File.ReadAllBytes(path));
            if (entry is not null)
            {
                // Used now: what is used stays, whatever its age.
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            }

            return entry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="script"/> under <paramref name="key"/>; does nothing when the folder cannot be written.</summary>
    public void Put(string key, CompiledScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var path = EntryPath(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllBytes(temporary, script.ToBytes());
            File.Move(temporary, path, overwrite: true);
            RemoveUnused();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private string EntryPath(string key) => Path.Combine(_directory, key + EntryExtension);

    private void RemoveUnused()
    {
        var before = DateTime.UtcNow - _unusedFor;
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < before)
            {
                TryDelete(file.FullName);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process removed or holds it: it is its to clean.
        }
    }

    /// <summary>Adds to the hash every file that <c>#load</c> or <c>#r</c> lines of <paramref name="code"/> (the file at <paramref name="path"/>) may name, and for <c>#load</c> what those name in turn.</summary>
    /// <remarks>
    /// Roslyn resolves a directive's path against the file holding it, then the script's directory
    /// (<paramref name="baseDirectory"/>): both are hashed. A line that only looks like a directive (in a comment, say)
    /// adds a file that does not matter: a wasted miss at worst, never a stale hit.
    /// </remarks>
    private static void AddDirectives(Action<string> add, string path, string code, string baseDirectory, HashSet<string> seen)
    {
        var directory = Path.GetDirectoryName(path) ?? baseDirectory;
        foreach (Match directive in Directive().Matches(code))
        {
            var kind = directive.Groups["kind"].Value;
            var target = directive.Groups["target"].Value;
            add($"#{kind} {target}");
            foreach (var candidate in new[] { Path.GetFullPath(target, directory), Path.GetFullPath(target, baseDirectory) }.Distinct())
            {
                add(candidate);
                if (!File.Exists(candidate))
                {
                    add("missing");
                }
                else if (kind == "load")
                {
                    var text = File.ReadAllText(candidate);
                    add(text);
                    if (seen.Add(candidate))
                    {
                        AddDirectives(add, candidate, text, baseDirectory, seen);
                    }
                }
                else
                {
                    var file = new FileInfo(candidate);
                    add($"{file.Length} {file.LastWriteTimeUtc.Ticks}");
                }
            }
        }
    }

    [GeneratedRegex(@"^[ \t]*#[ \t]*(?<kind>load|r)[ \t]+""(?<target>[^""]*)""", RegexOptions.Multiline)]
    private static partial Regex Directive();
}
